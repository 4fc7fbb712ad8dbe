// A CSV report filled while the scan runs (a StreamingReport's rows). Rows are kept per slot, so the file
// lists them by export file like every other report, whatever order concurrent files are read in. Each
// row is encoded at once into a slot's byte buffer, which goes to the scan's temp folder when full;
// write() joins the parts into the file atomically.
// Why bytes: a row held as a string lives long enough for V8 to promote it to old space, and there, as
// garbage, it grew the heap with the farm (+40 MB peak RSS at 1M sites, measured); bytes in a few reused
// buffers do not.
import { open } from 'node:fs/promises';
import { writeFileAtomic } from '../src/io/atomic-write.js';
import type { TempSpace } from '../src/scan/temp-space.js';
import { checkRowCount, csvHead, csvRow, type Cell } from './excel-safe-csv.js';

const BUFFER_BYTES = 64 * 1024;
/** Buffers held at most, all slots together (1 MB): past that every slot's go to the temp folder. */
const MAX_BUFFERS = 16;

export interface CsvParts {
  add(slot: number, row: readonly Cell[]): void;
  /** Writes the file; returns its number of rows. */
  write(target: string): Promise<number>;
}

interface Slot {
  buffer: Buffer | null;
  used: number;
  /** Where the slot's earlier rows went, once its buffer filled. */
  part: string | null;
}

export function createCsvParts(columns: readonly string[], slotCount: number, temp: TempSpace): CsvParts {
  const slots: Slot[] = Array.from({ length: slotCount }, () => ({ buffer: null, used: 0, part: null }));
  const spare: Buffer[] = [];
  let buffers = 0;
  let rows = 0;

  const toTemp = (slot: Slot, bytes: Uint8Array) => {
    slot.part ??= temp.newFile('rows.csv');
    temp.append(slot.part, [bytes]);
  };
  const release = (slot: Slot) => {
    if (slot.buffer === null) return;
    if (slot.used > 0) toTemp(slot, slot.buffer.subarray(0, slot.used));
    spare.push(slot.buffer);
    slot.buffer = null;
    slot.used = 0;
    buffers--;
  };

  return {
    add(slotIndex, row) {
      const text = csvRow(columns, row);
      rows++;
      const slot = slots[slotIndex];
      // At most 3 bytes a UTF-16 unit; a row that may not fit an empty buffer goes straight to the part.
      const most = text.length * 3;
      if (most > BUFFER_BYTES) {
        release(slot);
        toTemp(slot, Buffer.from(text, 'utf8'));
        return;
      }
      if (slot.buffer !== null && slot.buffer.length - slot.used < most) release(slot);
      if (slot.buffer === null) {
        if (buffers === MAX_BUFFERS) slots.forEach(release);
        slot.buffer = spare.pop() ?? Buffer.allocUnsafeSlow(BUFFER_BYTES);
        buffers++;
      }
      slot.used += slot.buffer.write(text, slot.used, 'utf8');
    },
    async write(target) {
      checkRowCount(rows);
      async function* chunks() {
        yield csvHead(columns);
        for (const slot of slots) {
          if (slot.part !== null) yield* readReusing(slot.part, spare.pop() ?? Buffer.allocUnsafeSlow(BUFFER_BYTES));
          if (slot.buffer !== null) yield slot.buffer.subarray(0, slot.used);
        }
      }
      await writeFileAtomic(target, chunks());
      return rows;
    },
  };
}

/** A part file's bytes, read into one buffer again and again (the writer copies each read before the next). */
async function* readReusing(file: string, buffer: Buffer): AsyncGenerator<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    for (let read = 0; (read = (await handle.read(buffer, 0, buffer.length, null)).bytesRead) > 0; ) yield buffer.subarray(0, read);
  } finally {
    await handle.close();
  }
}
