import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/**
 * A throwaway PostgreSQL server for the tests: `initdb` into a temporary directory, `pg_ctl start` on a free
 * localhost port (fsync off: the data dies with the test), `stop()` shuts it down and deletes the directory.
 * Debian's `postgresql` package provides the binaries (scripts/system-deps.sh installs it when missing). As root
 * (a CI container), the server runs as the `postgres` user, since initdb refuses root.
 */
export interface PgServer {
  client: pg.Client;
  stop(): Promise<void>;
}

/** The directory of initdb/pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<version>/bin. */
function pgBin(): string | null {
  const which = spawnSync("sh", ["-c", "command -v pg_ctl"], { encoding: "utf8" });
  if (which.status === 0 && which.stdout.trim() !== "") return join(which.stdout.trim(), "..");
  for (const v of ["17", "16", "15", "14", "13"]) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (existsSync(join(dir, "pg_ctl"))) return dir;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a !== null ? a.port : 0));
    });
  });
}

/** Why no server can be started here, or null when one can. */
export function postgresUnavailable(): string | null {
  if (pgBin() === null) return "PostgreSQL binaries (initdb, pg_ctl) not found: run `npm run deps:system` (Debian package postgresql)";
  return null;
}

export async function startPostgres(): Promise<PgServer> {
  const bin = pgBin();
  if (bin === null) throw new Error(postgresUnavailable() ?? "no PostgreSQL");
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "rm-pg-"));
  const data = join(dir, "data");
  const run = (cmd: string, args: string[]): void => {
    const full = join(bin, cmd);
    if (root) {
      chmodSync(dir, 0o777);
      execFileSync("runuser", ["-u", "postgres", "--", full, ...args], { stdio: "pipe", cwd: dir });
    } else execFileSync(full, args, { stdio: "pipe", cwd: dir });
  };
  // initdb takes seconds (1.2 s of CPU); its output is the same every time, so it is made once per machine into a
  // template directory in the temp dir and copied (0.1 s) for each server.
  const template = join(tmpdir(), `retention-metrics-pg-template-${bin.replace(/[^a-z0-9]/gi, "_")}`);
  if (!existsSync(template)) {
    const fresh = join(dir, "template");
    run("initdb", ["-D", fresh, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
    try {
      renameSync(fresh, template);
    } catch {
      // Another run made it first.
    }
  }
  cpSync(template, data, { recursive: true });
  if (root) execFileSync("chown", ["-R", "postgres", data]);
  chmodSync(data, 0o700);
  const port = await freePort();
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c TimeZone=UTC`;
  run("pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "log"), "-w", "-s", "start"]);
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
  const stop = async (): Promise<void> => {
    await client.end().catch(() => undefined);
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-s", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  };
  try {
    await client.connect();
  } catch (e) {
    // Never leave a server running behind a failed start.
    await stop();
    throw e;
  }
  return { client, stop };
}
