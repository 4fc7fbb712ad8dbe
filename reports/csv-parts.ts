// A CSV report filled while the scan runs (a StreamingReport's rows). Rows are kept per slot, so the file
// lists them by export file like every other report, whatever order concurrent files are read in. Each
// row is encoded at once into 64 KB buffers; only when this report holds more than MAX_BUFFERS of them
// do they go to the scan's temp folder, and write() joins the parts into the file atomically.
// Why bytes: a row held as a string lives long enough for V8 to promote it to old space, and there, as
// garbage, it grew the heap with the farm (+40 MB peak RSS at 1M sites, measured); bytes in a few reused
// buffers do not.
import { open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../src/io/atomic-write.js';
import type { TempSpace } from '../src/scan/temp-space.js';
import { csvHead, csvPartNames, csvRow, MAX_DATA_ROWS, type Cell } from './excel-safe-csv.js';

const BUFFER_BYTES = 64 * 1024;
/** Buffers this report holds, all slots together (1 MB), before they go to the temp folder. */
export const MAX_BUFFERS = 16;

export interface CsvParts {
  add(slot: number, row: readonly Cell[]): void;
  /** Drops every row of `slot` (a part of a split file read again by another thread). */
  discard(slot: number): void;
  /**
   * Writes the file, split into numbered parts past `maxRows` rows (csvPartNames), and removes parts an
   * earlier, longer scan left beyond them. Returns the number of rows.
   */
  write(target: string, maxRows?: number): Promise<number>;
}

interface Piece {
  bytes: Buffer;
  used: number;
}

interface Slot {
  /** Rows not yet in the temp folder; the last piece is the one being filled. */
  pieces: Piece[];
  /** Where the slot's earlier rows went, if they had to. */
  part: string | null;
  rows: number;
}

export function createCsvParts(columns: readonly string[], slotCount: number, temp: TempSpace): CsvParts {
  const slots: Slot[] = Array.from({ length: slotCount }, () => ({ pieces: [], part: null, rows: 0 }));
  const spare: Buffer[] = [];
  let held = 0;
  let rows = 0;

  /** Takes a slot's pieces out of memory, keeping the buffers for reuse. */
  const release = (slot: Slot) => {
    for (const { bytes } of slot.pieces) {
      held -= Math.ceil(bytes.length / BUFFER_BYTES);
      if (bytes.length === BUFFER_BYTES && spare.length < MAX_BUFFERS) spare.push(bytes);
    }
    slot.pieces = [];
  };

  const moveToTemp = () => {
    for (const slot of slots) {
      if (slot.pieces.length === 0) continue;
      slot.part ??= temp.newFile('rows.csv');
      temp.append(slot.part, slot.pieces.map((p) => p.bytes.subarray(0, p.used)));
      release(slot);
    }
  };

  return {
    add(slotIndex, row) {
      const text = csvRow(columns, row);
      rows++;
      slots[slotIndex].rows++;
      const { pieces } = slots[slotIndex];
      const most = text.length * 3; // bytes at most: 3 a UTF-16 unit
      let last = pieces.at(-1);
      if (most > BUFFER_BYTES) {
        const bytes = Buffer.from(text, 'utf8'); // a row longer than a buffer: a piece of its own
        pieces.push({ bytes, used: bytes.length });
        held += Math.ceil(bytes.length / BUFFER_BYTES);
      } else {
        if (last === undefined || last.bytes.length - last.used < most) {
          last = { bytes: spare.pop() ?? Buffer.allocUnsafeSlow(BUFFER_BYTES), used: 0 };
          pieces.push(last);
          held++;
        }
        last.used += last.bytes.write(text, last.used, 'utf8');
      }
      if (held > MAX_BUFFERS) moveToTemp();
    },
    discard(slotIndex) {
      const slot = slots[slotIndex];
      release(slot);
      rows -= slot.rows;
      slot.rows = 0;
      slot.part = null; // the temp folder's removal takes the file
    },
    async write(target, maxRows = MAX_DATA_ROWS) {
      const readBuffer = spare.pop() ?? Buffer.allocUnsafeSlow(BUFFER_BYTES);
      async function* rowBytes(): AsyncGenerator<Buffer> {
        for (const slot of slots) {
          if (slot.part !== null) yield* readReusing(slot.part, readBuffer);
          for (const p of slot.pieces) yield p.bytes.subarray(0, p.used);
        }
      }
      const files = csvPartNames(target, rows, maxRows);
      const source = new RowChunks(rowBytes());
      for (const [index, file] of files.entries()) {
        const rowsInFile = index === files.length - 1 ? Infinity : maxRows;
        await writeFileAtomic(file, withHead(csvHead(columns), source.rows(rowsInFile)));
      }
      await removePartsAfter(target, files.length);
      return rows;
    },
  };
}

async function* withHead(head: string, body: AsyncIterable<Buffer>): AsyncGenerator<string | Buffer> {
  yield head;
  yield* body;
}

/** Encoded rows, in chunks that end anywhere, taken out a number of rows at a time: one file's worth. */
class RowChunks {
  /** Bytes pulled for one file that begin the next. */
  private carry: Buffer | null = null;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** The next `count` rows (all that are left if Infinity), as chunks. */
  async *rows(count: number): AsyncGenerator<Buffer> {
    let left = count;
    let cutAfterLf = false; // the last row's CR ended the previous chunk: its LF starts the next one
    for (;;) {
      const chunk = await this.next();
      if (chunk === null) return;
      if (left === Infinity) {
        yield chunk;
        continue;
      }
      if (cutAfterLf) {
        yield chunk.subarray(0, 1);
        if (chunk.length > 1) this.carry = chunk.subarray(1);
        return;
      }
      // A CR only ever ends a row: safeCell turns CRs inside cells into LFs or a visible ␍.
      let from = 0;
      for (let cr = chunk.indexOf(0x0d, from); cr !== -1 && left > 0; cr = chunk.indexOf(0x0d, from)) {
        from = cr + 1;
        if (--left > 0) continue;
        if (cr + 1 === chunk.length) {
          cutAfterLf = true;
          break;
        }
        yield chunk.subarray(0, cr + 2);
        if (cr + 2 < chunk.length) this.carry = chunk.subarray(cr + 2);
        return;
      }
      yield chunk;
    }
  }

  private async next(): Promise<Buffer | null> {
    if (this.carry !== null) {
      const carried = this.carry;
      this.carry = null;
      return carried;
    }
    const next = await this.source.next();
    return next.done ? null : next.value;
  }
}

/** Removes `name-N.csv` beside `target` for every N above `kept`: parts a longer, earlier scan wrote. */
export async function removePartsAfter(target: string, kept: number): Promise<void> {
  const dir = path.dirname(target);
  const base = path.basename(target, '.csv');
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const part = name.startsWith(`${base}-`) && name.endsWith('.csv') ? Number(name.slice(base.length + 1, -4)) : NaN;
    if (Number.isSafeInteger(part) && part > kept && `${base}-${part}.csv` === name) await rm(path.join(dir, name), { force: true });
  }
}

/** A part file's bytes, read into one buffer again and again (the writer copies each read before the next). */
async function* readReusing(file: string, buffer: Buffer): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  try {
    for (let read = 0; (read = (await handle.read(buffer, 0, buffer.length, null)).bytesRead) > 0; ) yield buffer.subarray(0, read);
  } finally {
    await handle.close();
  }
}
