/**
 * Small file-system and error-text helpers of {@link fileJournal}.
 * @module
 */
import { open, type FileHandle } from 'node:fs/promises';

const DIR_FSYNC_SUPPORTED = process.platform !== 'win32';

/** The message of a thrown value (an `Error`'s message, or the value as a string). */
export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The `code` of a Node.js system error (`'ENOENT'`, ...), or `undefined` when it has none. */
export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}


/** Writes all of `buf` at `position`, looping over short writes. */
export async function writeAll(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off, position + off);
    if (bytesWritten <= 0) throw new Error('write returned 0 bytes');
    off += bytesWritten;
  }
}

/** Fsyncs a directory, making the entries created or renamed in it durable. A no-op on Windows. */
export async function fsyncDir(dir: string): Promise<void> {
  if (!DIR_FSYNC_SUPPORTED) return;
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}
