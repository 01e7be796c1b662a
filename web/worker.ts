// The page's Web Worker: the dropped file is read, parsed and reported here, off the page's thread. Nothing is
// sent anywhere: the file's bytes go from the Blob to readOrderBook and the report comes back as a string.
import { readOrderBook, RetentionMetricsError, retentionReport, type OrderExportFormat } from "../src/index.js";

export interface WorkerRequest {
  file: Blob;
  name: string;
  format: OrderExportFormat;
  timeZone: string;
}
export type WorkerMessage =
  | { kind: "progress"; done: number; total: number }
  | { kind: "done"; html: string; orders: number; rows: number }
  | { kind: "error"; message: string; code: string | null; row: number | null; column: string | null };

const post = (m: WorkerMessage): void => (self as unknown as { postMessage(m: WorkerMessage): void }).postMessage(m);

/** The Blob's bytes chunk by chunk, reporting progress at most every 50 ms. */
async function* chunks(file: Blob): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  let done = 0;
  let last = 0;
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    done += r.value.length;
    const now = performance.now();
    if (now - last > 50) {
      last = now;
      post({ kind: "progress", done, total: file.size });
    }
    yield r.value;
  }
  post({ kind: "progress", done: file.size, total: file.size });
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const { file, name, format, timeZone } = event.data;
  try {
    // Straight to a book: no order object per row is kept (a large export fits in the tab's memory).
    const { book, ledger } = await readOrderBook(chunks(file), { format, timeZone });
    const html = retentionReport(book, { ledger, title: `Retention report: ${name}` });
    post({ kind: "done", html, orders: book.orderCount, rows: ledger.rowsRead });
  } catch (e) {
    if (e instanceof RetentionMetricsError) post({ kind: "error", message: e.message, code: e.code, row: e.index, column: e.field });
    else post({ kind: "error", message: String(e), code: null, row: null, column: null });
  }
};
