// Reading stage: a file's bytes (or a part of them, split-points.ts) as pieces for the tokenizer, in a
// buffer of its own that each piece reuses: the encoding sniffed and the BOM left out, UTF-16 BE swapped to
// LE, each piece whole characters ending just before a `<` (cut-before-markup.ts). On the main thread reads
// are asynchronous (the event loop stays free for progress and signals); on a worker they are synchronous:
// an asynchronous read waits for a thread-pool thread, and with every core busy parsing that wait left the
// workers idle for a large share of a split file's reading (seen in their CPU profiles).
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
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

/** A read begun before its bytes are wanted: into `into` behind the bytes held there, `length` bytes at file offset `at`. */
interface ReadAhead {
  into: Buffer;
  at: number;
  length: number;
  bytes: Promise<number>;
}

export async function openPieces(file: string, options: PieceOptions): Promise<FilePieces> {
  if (isMainThread) {
    const handle = await open(file, 'r');
    const read: Read = async (into, offset, length, position) => (await handle.read(into, offset, length, position)).bytesRead;
    return new PieceReader(read, () => handle.close(), options, true);
  }
  const fd = openSync(file, 'r');
  return new PieceReader((into, offset, length, position) => readSync(fd, into, offset, length, position), async () => closeSync(fd), options, false);
}

class PieceReader implements FilePieces {
  private readonly blockBytes: number;
  /**
   * The bytes held back sit at the start of `buffer`; a new block is read in behind them. With `readsAhead`
   * (the main thread) the next block is read into the other buffer while this one is parsed: waiting for
   * each read left the thread idle 5% of a million-site scan (measured).
   */
  private buffer: Buffer;
  private other: Buffer | null;
  private ahead: ReadAhead | null = null;
  private encodingFound: TextEncodingName | null;
  private held = 0;
  /** File offset of buffer[0] (in UTF-16 BE, of the bytes swapped to LE). */
  private base: number;
  private position: number;
  /** A BOM still to leave out. */
  private skip = 0;
  /** UTF-16 BE: a byte read past the last whole unit. */
  private oddByte = -1;
  private blocks = 0;

  constructor(
    private readonly read: Read,
    private readonly closeFile: () => Promise<void>,
    private readonly options: PieceOptions,
    private readonly readsAhead: boolean,
  ) {
    this.blockBytes = options.blockBytes ?? BLOCK_BYTES;
    this.buffer = Buffer.allocUnsafe(2 * this.blockBytes + 8);
    this.other = readsAhead ? Buffer.allocUnsafe(2 * this.blockBytes + 8) : null;
    this.encodingFound = options.encoding ?? null;
    this.base = this.position = options.start;
  }

  get encoding(): TextEncodingName | null {
    return this.encodingFound;
  }

  async readTo(to: number | undefined, onPiece: (piece: Buffer) => void): Promise<void> {
    while (to === undefined || this.position < to) {
      let got = await this.nextBlock(this.blockAt(to));
      this.position += got;
      this.options.onBytes?.(got);
      if (this.encodingFound === null) {
        got = this.sniff(got);
        if (got === -1) continue;
        if (got === 0) return;
      } else if (got === 0) {
        if (this.oddByte !== -1) this.buffer[this.held++] = this.oddByte; // no whole unit: the reader finds it bad
        this.oddByte = -1;
        return;
      }
      const fresh = this.encodingFound === 'utf-16be' ? this.swapIn(got) : got;
      const data = this.buffer.subarray(this.skip, this.held + fresh);
      this.base += this.skip;
      this.skip = 0;
      const end = pieceEnd(data, this.units(), this.base);
      const swap = this.keep(data, end, this.blockAt(to));
      onPiece(data.subarray(0, end));
      swap();
      this.base += end;
      if (!this.readsAhead && ++this.blocks % BLOCKS_BETWEEN_MESSAGES === 0) await setImmediate();
    }
  }

  flush(): { piece: Buffer; broken: boolean } {
    const data = this.buffer.subarray(0, this.held);
    const end = this.encodingFound === null ? 0 : wholeCharacters(data, this.units(), this.base);
    const piece = Buffer.from(data.subarray(0, end));
    this.held -= end;
    this.buffer.copy(this.buffer, 0, end, end + this.held);
    this.base += end;
    return { piece, broken: this.held > 0 };
  }

  async close(): Promise<void> {
    const early = this.ahead;
    this.ahead = null;
    if (early !== null) await early.bytes.catch(() => 0);
    await this.closeFile();
  }

  private units(): 'utf-8' | 'utf-16le' {
    return this.encodingFound === 'utf-8' ? 'utf-8' : 'utf-16le';
  }

  private blockAt(to: number | undefined): number {
    return to === undefined ? this.blockBytes : Math.min(this.blockBytes, to - this.position);
  }

  /**
   * The first bytes, at least four (or all there is), tell the encoding: the bytes there are now, with those
   * held; -1 to read more first; 0 for an empty file.
   */
  private sniff(got: number): number {
    if (got > 0 && this.held + got < 4) {
      this.held += got;
      return -1;
    }
    const all = this.held + got;
    this.held = 0;
    if (all === 0) return 0;
    const sniffed = sniffEncoding(this.buffer.subarray(0, all));
    this.encodingFound = sniffed.encoding;
    if (this.options.start === 0) this.skip = sniffed.bomLength;
    return all;
  }

  /** UTF-16 BE: the `got` bytes behind the held ones, swapped to LE in place; returns how many are there now. */
  private swapIn(got: number): number {
    let bytes = this.buffer.subarray(this.held, this.held + got);
    if (this.oddByte !== -1) bytes = Buffer.concat([Buffer.from([this.oddByte]), bytes]);
    const even = bytes.length & ~1;
    this.oddByte = bytes.length > even ? bytes[even] : -1;
    Buffer.from(bytes.subarray(0, even)).swap16().copy(this.buffer, this.held);
    return even;
  }

  /** The next block, read in behind the held bytes: the read begun ahead if it is that one. */
  private async nextBlock(length: number): Promise<number> {
    const early = this.ahead;
    this.ahead = null;
    if (early !== null) {
      const got = await early.bytes;
      if (early.into === this.buffer && early.at === this.position && early.length === length) return got;
    }
    return this.read(this.buffer, this.held, length, this.position);
  }

  /**
   * The bytes from `end` of `data` on (what the piece leaves) go to the start of a buffer, and the next block
   * behind them: the other buffer, read now, when reading ahead; this one, read later, otherwise. The
   * returned step, run once the piece was read, makes that buffer the current one.
   */
  private keep(data: Buffer, end: number, nextLength: number): () => void {
    this.held = data.length - end;
    const other = this.other;
    if (other === null || nextLength <= 0) return () => data.copy(this.buffer, 0, end);
    data.copy(other, 0, end);
    const bytes = Promise.resolve(this.read(other, this.held, nextLength, this.position));
    bytes.catch(() => {}); // awaited by nextBlock (or close): a failure is seen there
    this.ahead = { into: other, at: this.position, length: nextLength, bytes };
    return () => {
      this.other = this.buffer;
      this.buffer = other;
    };
  }
}
