import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCsvParts, MAX_BUFFERS } from '../../reports/csv-parts.js';
import { writeCsv, type Cell } from '../../reports/excel-safe-csv.js';
import { createTempSpace, TempFolderError } from '../../src/scan/temp-space.js';
import { tempDir } from '../helpers/clixml.js';

const COLUMNS = ['Slot', 'N', 'Text'];

/** Rows of every width: ASCII, 2-, 3- and 4-byte UTF-8, a formula, and one cell longer than a buffer. */
function rowFor(slot: number, n: number): Cell[] {
  const texts = ['plain', 'caf\u00e9 \u00fcber', '\u4e2d\u6587\u00b7\u65e5\u672c', '\ud83d\udcca chart', '=HYPERLINK("x")', 'q"uote'];
  const text = n === 777 ? '\u4e2d'.repeat(30_000) : `${texts[n % texts.length]} ${'x'.repeat(n % 300)}`;
  return [slot, n, text];
}

describe('CSV parts (rows written while the scan runs)', () => {
  test('rows added to slots in any interleaving come out by slot, then in order: the bytes writeCsv gives', async () => {
    const dir = await tempDir('farmscan-parts-');
    const temp = createTempSpace(dir);
    const slots = 5;
    const csv = createCsvParts(COLUMNS, slots, temp);
    const bySlot: Cell[][][] = Array.from({ length: slots }, () => []);
    // ~6 MB of rows: well past what is held, so most go through the temp folder.
    for (let n = 0; n < 40_000; n++) {
      const slot = [3, 0, 4, 0, 1][n % 5] as number; // slot 2 stays empty
      const row = rowFor(slot, n);
      bySlot[slot].push(row);
      csv.add(slot, row);
    }
    expect((await readdir(dir)).length).toBe(1); // the private folder was made and used

    const streamed = path.join(dir, 'streamed.csv');
    const written = path.join(dir, 'written.csv');
    expect(await csv.write(streamed)).toBe(40_000);
    await writeCsv(written, { columns: COLUMNS, rows: bySlot.flat() });
    const bytes = await readFile(streamed);
    expect(bytes.length).toBeGreaterThan(6_000_000);
    expect(bytes.equals(await readFile(written))).toBe(true);

    temp.dispose();
    expect(await readdir(dir)).toEqual(['streamed.csv', 'written.csv']);
  });

  test('a few rows stay in memory: no temp folder is made', async () => {
    const dir = await tempDir('farmscan-parts-');
    const temp = createTempSpace(dir);
    const csv = createCsvParts(COLUMNS, 2, temp);
    csv.add(1, [1, 1, 'b']);
    csv.add(0, [0, 0, '=a']);
    await csv.write(path.join(dir, 'out.csv'));
    expect((await readFile(path.join(dir, 'out.csv'), 'utf8')).split('\r\n')).toEqual(['\ufeff"Slot","N","Text"', '"0","0","\'=a"', '"1","1","b"', '']);
    expect(await readdir(dir)).toEqual(['out.csv']);
    temp.dispose();
  });

  test(`rows stay in memory up to ${MAX_BUFFERS} buffers of 64 KB in all slots; one more and every slot's go to the temp folder`, async () => {
    const dir = await tempDir('farmscan-parts-');
    const temp = createTempSpace(dir);
    const slots = MAX_BUFFERS + 4;
    const csv = createCsvParts(['Text'], slots, temp);
    const bySlot: Cell[][][] = Array.from({ length: slots }, () => []);
    // ASCII rows of exactly 1,000 bytes ("x…x" quoted, CRLF). A buffer takes a row while 3 bytes a
    // character could still fit, so 63 rows fill one: 63 * 1000 + 3000 > 65,536.
    const add = (slot: number, count = 1) => {
      for (let n = 0; n < count; n++) {
        const row = [`${String(slot).padStart(4, '0')}${'x'.repeat(1000 - 4 - 4)}`];
        bySlot[slot].push(row);
        csv.add(slot, row);
      }
    };
    const partFiles = async () => {
      const [folder] = await readdir(dir);
      return folder === undefined ? [] : readdir(path.join(dir, folder));
    };
    add(0, 63 * (MAX_BUFFERS - 2)); // 14 buffers
    add(1);
    add(2); // 16 buffers: all still held
    expect(await readdir(dir)).toEqual([]);
    add(3); // 17: every slot's rows go
    expect(await partFiles()).toHaveLength(4);
    for (let slot = 0; slot < 4; slot++) add(slot, 2); // held again after the move, and written after the parts
    expect(await partFiles()).toHaveLength(4);

    await csv.write(path.join(dir, 'streamed.csv'));
    await writeCsv(path.join(dir, 'written.csv'), { columns: ['Text'], rows: bySlot.flat() });
    expect((await readFile(path.join(dir, 'streamed.csv'))).equals(await readFile(path.join(dir, 'written.csv')))).toBe(true);
    temp.dispose();
  });

  test('a temp folder that refuses the rows stops with one clear error', () => {
    const csv = createCsvParts(COLUMNS, 1, createTempSpace('/nonexistent/farmscan'));
    expect(() => {
      for (let n = 0; n < 20_000; n++) csv.add(0, rowFor(0, n));
    }).toThrow(TempFolderError);
  });
});
