import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { readPart, type PartOptions, type PartResult } from "../internal/readers/parallel.js";

/**
 * The bytes of a file in chunks of 256 KiB, read into one reused buffer (each chunk is valid until the next is
 * read: the readers copy what they keep), with the running count of bytes read given to `onBytes` (a progress bar).
 */
export async function* fileChunks(path: string, onBytes: (done: number) => void = () => undefined): AsyncGenerator<Uint8Array> {
  const file = await open(path, "r");
  try {
    const buffer = new Uint8Array(1 << 18);
    let done = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      done += bytesRead;
      onBytes(done);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

/**
 * The bytes `[start, end)` of an open file in chunks of 1 MiB, read synchronously into one reused buffer (each
 * chunk is valid until the next is read): a part of an export read by the per-core read (readInParts.ts, and its
 * worker readWorker.ts).
 */
function* rangeChunks(fd: number, start: number, end: number): Generator<Uint8Array> {
  const buffer = new Uint8Array(1 << 20);
  for (let at = start; at < end; ) {
    const n = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
    if (n === 0) return;
    at += n;
    yield buffer.subarray(0, n);
  }
}

/** A part of an export file to read: what readInParts.ts gives each worker (and reads itself for the first part). */
export interface PartJob {
  path: string;
  /** The header line's bytes (0 for the first part, which starts at the file's start and holds it). */
  headerEnd: number;
  start: number;
  end: number;
  options: PartOptions;
}

/**
 * Reads a part of an export file (after the header line, for every part but the first) with readPart; `here`:
 * in the thread that merges the parts (the result keeps its customer table; see PartResult).
 */
export function readPartOfFile(job: PartJob, here = false): PartResult {
  const fd = openSync(job.path, "r");
  try {
    const prefix = new Uint8Array(job.headerEnd);
    if (job.headerEnd > 0) readSync(fd, prefix, 0, job.headerEnd, 0);
    return readPart(prefix, rangeChunks(fd, job.start, job.end), job.options, here);
  } finally {
    closeSync(fd);
  }
}
