// A file's bytes, a block at a time. On the main thread through a read stream (the event loop stays free
// for progress and signals). On a worker thread with plain synchronous reads: an asynchronous read waits
// for a thread-pool thread, and with every core busy parsing that wait left the workers idle for a large
// share of a split file's reading (seen in their CPU profiles); the worker has nothing else to do meanwhile.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { isMainThread } from 'node:worker_threads';

/** A worker still takes its messages (a verdict, an abort) between this many blocks. */
const BLOCKS_BETWEEN_MESSAGES = 16;

/** Bytes [from, to) of `file` (to the end if `to` is undefined) in blocks of up to `size` bytes. */
export async function* fileBlocks(file: string, from: number, to: number | undefined, size: number): AsyncGenerator<Buffer> {
  if (isMainThread) {
    yield* createReadStream(file, { highWaterMark: size, start: from, end: to === undefined ? undefined : to - 1 }) as AsyncIterable<Buffer>;
    return;
  }
  const fd = openSync(file, 'r');
  try {
    for (let at = from, n = 1; to === undefined || at < to; at += size, n++) {
      const block = Buffer.allocUnsafe(to === undefined ? size : Math.min(size, to - at));
      const read = readSync(fd, block, 0, block.length, at);
      if (read === 0) return;
      yield read < block.length ? block.subarray(0, read) : block;
      if (n % BLOCKS_BETWEEN_MESSAGES === 0) await setImmediate();
    }
  } finally {
    closeSync(fd);
  }
}
