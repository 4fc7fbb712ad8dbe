// Reading stage: a file's bytes (or a part of them, split-points.ts) as pieces for the tokenizer, in a
// buffer of its own that each piece reuses: the encoding sniffed and the BOM left out, UTF-16 BE swapped to
// LE, each piece whole characters ending just before a `<` (cut-before-markup.ts). On the main thread reads
// are asynchronous (the event loop stays free for progress and signals); on a worker they are synchronous:
// an asynchronous read waits for a thread-pool thread, and with every core busy parsing that wait left the
// workers idle for a large share of a split file's reading (seen in their CPU profiles).
import { closeSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setImmediate } from 'node:timers/promises';
import { isMainThread } from 'node:worker_threads';
import { pieceEnd, wholeCharacters } from './cut-before-markup.js';
import { sniffEncoding, type TextEncodingName } from './encoding.js';

/** Read 512 KiB at a time: 64 KiB reads left the CPU idle 8% of a scan, 1 MiB cost 15 MB of RSS (measured). */
export const BLOCK_BYTES = 512 * 1024;
/** A worker still takes its messages (a verdict, an abort) between this many blocks. */
const BLOCKS_BETWEEN_MESSAGES = 16;

export interface FilePieces {
  /** Known once the first bytes are read; null before, and for an empty file. */
  readonly encoding: TextEncodingName | null;
  /** Reads on to byte `to` of the file (its end if undefined), handing each piece to `onPiece`; a piece is valid only during the call. */
  readTo(to: number | undefined, onPiece: (piece: Buffer) => void): Promise<void>;
  /**
   * The whole characters still held back (at a split point, or the end of the file), valid until the next
   * read; `broken` when bytes are left that are no whole character.
   */
  flush(): { piece: Buffer; broken: boolean };
  close(): Promise<void>;
}

export interface PieceOptions {
  /** The byte offset to start at. */
  start: number;
  /** The encoding, when reading starts mid-file (a part of a split file). */
  encoding?: TextEncodingName;
  /** Told the size of each block as it is read: the progress bar's measure. */
  onBytes?: (bytes: number) => void;
  blockBytes?: number;
}

type Read = (into: Buffer, offset: number, length: number, position: number) => number | Promise<number>;

/** A read begun before its bytes are wanted: into `into` at `offset`, `length` bytes at file offset `at`. */
interface ReadAhead {
  into: Buffer;
  at: number;
  length: number;
  bytes: Promise<number>;
}

export async function openPieces(file: string, options: PieceOptions): Promise<FilePieces> {
  const blockBytes = options.blockBytes ?? BLOCK_BYTES;
  let handle: FileHandle | null = null;
  let fd = -1;
  let read: Read;
  if (isMainThread) {
    const opened = await open(file, 'r');
    handle = opened;
    read = async (into, offset, length, position) => (await opened.read(into, offset, length, position)).bytesRead;
  } else {
    fd = openSync(file, 'r');
    read = (into, offset, length, position) => readSync(fd, into, offset, length, position);
  }
  let encoding: TextEncodingName | null = options.encoding ?? null;
  // The bytes held back sit at the start of `buffer`; a new block is read in behind them. On the main thread
  // the next block is read into the other buffer while this one is parsed: waiting for each read left the
  // thread idle 5% of a million-site scan (measured).
  const buffers = [Buffer.allocUnsafe(2 * blockBytes + 8), isMainThread ? Buffer.allocUnsafe(2 * blockBytes + 8) : null];
  let buffer = buffers[0]!;
  let ahead: ReadAhead | null = null;
  let held = 0;
  let base = options.start; // file offset of buffer[0] (in UTF-16 BE, of the bytes swapped to LE)
  let position = options.start;
  let skip = 0; // a BOM still to leave out
  let oddByte = -1; // UTF-16 BE: a byte read past the last whole unit
  let blocks = 0;
  const units = () => (encoding === 'utf-8' ? 'utf-8' : 'utf-16le');
  const blockAt = (to: number | undefined, at: number) => (to === undefined ? blockBytes : Math.min(blockBytes, to - at));

  /** UTF-16 BE: the `got` bytes behind the held ones, swapped to LE in place; returns how many are there now. */
  const swapIn = (got: number): number => {
    let bytes = buffer.subarray(held, held + got);
    if (oddByte !== -1) bytes = Buffer.concat([Buffer.from([oddByte]), bytes]);
    const even = bytes.length & ~1;
    oddByte = bytes.length > even ? bytes[even] : -1;
    Buffer.from(bytes.subarray(0, even)).swap16().copy(buffer, held);
    return even;
  };

  /** The next block, read in behind the held bytes: the read begun ahead if it is that one. */
  const nextBlock = async (length: number): Promise<number> => {
    const early = ahead;
    ahead = null;
    if (early !== null) {
      const got = await early.bytes;
      if (early.into === buffer && early.at === position && early.length === length) return got;
    }
    return read(buffer, held, length, position);
  };

  /**
   * The bytes from `end` of `data` on (what the piece leaves) go to the start of a buffer, and the next block
   * behind them: the other buffer, read now, on the main thread; this one, read later, on a worker. The
   * returned step, run once the piece was read, makes that buffer the current one.
   */
  const keep = (data: Buffer, end: number, nextLength: number) => {
    held = data.length - end;
    const other = buffers[1];
    if (other === null || nextLength <= 0) return () => data.copy(buffer, 0, end);
    data.copy(other, 0, end);
    const bytes = Promise.resolve(read(other, held, nextLength, position));
    bytes.catch(() => {}); // awaited by nextBlock (or close): a failure is seen there
    ahead = { into: other, at: position, length: nextLength, bytes };
    return () => {
      buffers[1] = buffer;
      buffer = other;
    };
  };

  const pieces: FilePieces = {
    get encoding() {
      return encoding;
    },
    async readTo(to, onPiece) {
      while (to === undefined || position < to) {
        let got = await nextBlock(blockAt(to, position));
        position += got;
        options.onBytes?.(got);
        if (encoding === null) {
          // The first bytes, at least four (or all there is), tell the encoding.
          if (got > 0 && held + got < 4) {
            held += got;
            continue;
          }
          if (held + got === 0) return;
          [got, held] = [held + got, 0];
          const sniffed = sniffEncoding(buffer.subarray(0, got));
          encoding = sniffed.encoding;
          if (options.start === 0) skip = sniffed.bomLength;
        } else if (got === 0) {
          if (oddByte !== -1) buffer[held++] = oddByte; // no whole unit: the reader finds it bad
          oddByte = -1;
          return;
        }
        const fresh = encoding === 'utf-16be' ? swapIn(got) : got;
        const data = buffer.subarray(skip, held + fresh);
        base += skip;
        skip = 0;
        const end = pieceEnd(data, units(), base);
        const swap = keep(data, end, blockAt(to, position));
        onPiece(data.subarray(0, end));
        swap();
        base += end;
        if (!isMainThread && ++blocks % BLOCKS_BETWEEN_MESSAGES === 0) await setImmediate();
      }
    },
    flush() {
      const data = buffer.subarray(0, held);
      const end = encoding === null ? 0 : wholeCharacters(data, units(), base);
      const piece = Buffer.from(data.subarray(0, end));
      held -= end;
      buffer.copy(buffer, 0, end, end + held);
      base += end;
      return { piece, broken: held > 0 };
    },
    async close() {
      const early = ahead;
      ahead = null;
      if (early !== null) await early.bytes.catch(() => 0);
      if (handle !== null) await handle.close();
      if (fd !== -1) closeSync(fd);
    },
  };
  return pieces;
}
