import { open } from "node:fs/promises";

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
