import { readdir, readFile, writeFile } from 'node:fs/promises';
import { parseCsv } from '../helpers/csv.js';
import path from 'node:path';
import { createCsvParts, MAX_BUFFERS } from '../../reports/csv-parts.js';
import { csvPartNames, MAX_DATA_ROWS, writeCsv, type Cell } from '../../reports/excel-safe-csv.js';
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
  test('a discarded slot leaves no row, whether its rows were held or already in the temp folder', async () => {
    const dir = await tempDir('farmscan-parts-');
    const temp = createTempSpace(dir);
    const csv = createCsvParts(COLUMNS, 3, temp);
    for (let n = 0; n < 20_000; n++) {
      csv.add(n % 3, rowFor(n % 3, n));
      if (n !== 10_000) continue;
      expect((await readdir(dir)).length).toBe(1); // slot 1's first rows are in the temp folder by now
      csv.discard(1); // it takes rows again after this: those count
    }
    csv.discard(2);
    const rows = (slot: number, from: number) => Array.from({ length: 20_000 }, (_, n) => n).filter((n) => n % 3 === slot && n > from).map((n) => rowFor(slot, n));
    const expected = [...rows(0, -1), ...rows(1, 10_000)];
    const file = path.join(dir, 'out.csv');
    const reference = path.join(dir, 'reference.csv');
    expect(await csv.write(file)).toBe(expected.length);
    await writeCsv(reference, { columns: COLUMNS, rows: expected });
    expect((await readFile(file)).equals(await readFile(reference))).toBe(true);
    temp.dispose();
  });

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

  test('past maxRows a report is split into numbered parts, each with the header; stale parts of a longer scan go', async () => {
    const dir = await tempDir('farmscan-parts-');
    const temp = createTempSpace(dir);
    const target = path.join(dir, 'Report.csv');
    // Rows of 28,087 bytes (a cell stays under Excel's 32,767 characters): the seventh ends 196,609 bytes
    // into the part file, so its CR is the last byte of the third 64 KB read and its LF the first of the
    // fourth: with 7 rows a file, a cut between CR and LF.
    const csv = createCsvParts(['Text'], 2, temp);
    const rows: Cell[][] = [];
    for (let n = 0; n < 20; n++) {
      const row = [`${String(n).padStart(2, '0')}${'x'.repeat(28_087 - 4 - 2)}`];
      rows.push(row);
      csv.add(0, row);
    }
    for (let n = 0; n < 5; n++) {
      const row = [`slot 1 row ${n}\r\nwith a line break and caf\u00e9 =1+1`]; // CR LF in a cell becomes LF
      rows.push(row);
      csv.add(1, row);
    }
    await writeFile(path.join(dir, 'Report-x.csv'), 'not a part');
    await writeFile(path.join(dir, 'Report-9.csv'), 'a stale part of an even earlier scan');
    expect(await csv.write(target, 7)).toBe(25);

    const names = csvPartNames(target, 25, 7);
    expect(names.map((n) => path.basename(n))).toEqual(['Report.csv', 'Report-2.csv', 'Report-3.csv', 'Report-4.csv']);
    const parts = await Promise.all(names.map(async (n) => parseCsv((await readFile(n, 'utf8')).replace(/^\ufeff/, ''))));
    for (const part of parts) expect(part[0]).toEqual(['Text']);
    expect(parts.map((p) => p.length - 1)).toEqual([7, 7, 7, 4]);
    expect((await readFile(names[1], 'utf8')).slice(0, 12)).toBe('\ufeff"Text"\r\n"07'); // no stray LF before the 8th row
    for (const name of names) expect((await readFile(name)).subarray(-3).toString()).toBe('"\r\n'); // nor a CR without its LF
    const whole = path.join(dir, 'whole.csv');
    await writeCsv(whole, { columns: ['Text'], rows });
    expect(parts.flatMap((p) => p.slice(1))).toEqual(parseCsv((await readFile(whole, 'utf8')).replace(/^\ufeff/, '')).slice(1));

    // A shorter scan: its parts replace these, and the ones beyond go.
    const again = createCsvParts(['Text'], 1, temp);
    for (let n = 0; n < 9; n++) again.add(0, [`row ${n}`]);
    await again.write(target, 7);
    expect((await readdir(dir)).filter((f) => f.startsWith('Report')).sort()).toEqual(['Report-2.csv', 'Report-x.csv', 'Report.csv']);
    temp.dispose();
  });

  test('Excel sheet limit: 1,048,575 data rows a file', () => {
    expect(MAX_DATA_ROWS).toBe(1_048_575);
    expect(csvPartNames('ScannerReports/SiteLocks-detail.csv', 0)).toEqual(['ScannerReports/SiteLocks-detail.csv']);
    expect(csvPartNames('ScannerReports/SiteLocks-detail.csv', 1_048_575)).toEqual(['ScannerReports/SiteLocks-detail.csv']);
    expect(csvPartNames('ScannerReports/SiteLocks-detail.csv', 2_097_151)).toEqual([
      'ScannerReports/SiteLocks-detail.csv',
      'ScannerReports/SiteLocks-detail-2.csv',
      'ScannerReports/SiteLocks-detail-3.csv',
    ]);
  });

  test('a temp folder that refuses the rows stops with one clear error', () => {
    const csv = createCsvParts(COLUMNS, 1, createTempSpace('/nonexistent/farmscan'));
    expect(() => {
      for (let n = 0; n < 20_000; n++) csv.add(0, rowFor(0, n));
    }).toThrow(TempFolderError);
  });
});
