import type pg from "pg";

/**
 * `COPY table (columns) FROM STDIN` through a plain `pg` client, without pg-copy-streams: a submittable query (the
 * hooks `pg` calls on its active query) that answers the server's CopyInResponse with the rows as COPY text. The
 * fastest way to load a test table: 100k orders in a fraction of the time of INSERT … unnest($1::text[], …).
 */
export async function copyInto(client: pg.Client, table: string, columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): Promise<void> {
  // COPY text format: tab-separated, one line per row, \N for NULL, backslash escapes for \, tab, LF, CR.
  const field = (v: string | number | null): string =>
    v === null ? "\\N" : String(v).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
  const chunks: Buffer[] = [];
  const CHUNK = 10_000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    chunks.push(Buffer.from(rows.slice(i, i + CHUNK).map((r) => `${r.map(field).join("\t")}\n`).join(""), "utf8"));
  }
  await new Promise<void>((resolve, reject) => {
    let failure: unknown = null;
    const copy = {
      text: `COPY ${table} (${columns.join(", ")}) FROM STDIN`,
      submit(connection: { query(text: string): void }): void {
        connection.query(copy.text);
      },
      handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }): void {
        for (const c of chunks) connection.sendCopyFromChunk(c);
        connection.endCopyFrom();
      },
      handleError(error: unknown): void {
        failure = error;
      },
      handleReadyForQuery(): void {
        if (failure === null) resolve();
        else reject(failure instanceof Error ? failure : new Error(String(failure)));
      },
      handleCommandComplete(): void {},
      handleRowDescription(): void {},
      handleDataRow(): void {},
      handleEmptyQuery(): void {},
      handlePortalSuspended(): void {},
      handleCopyData(): void {},
    };
    client.query(copy as never);
  });
}
