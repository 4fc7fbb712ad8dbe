// The one CSV writer every report uses: UTF-8 with BOM, CRLF between records, every field quoted (which
// also keeps embedded newlines inside the cell and stops `;`-separator smuggling in European Excel
// locales), and formula injection neutralised per OWASP. research/security.md §3.1.
// The quoting is written here rather than by csv-stringify, by measurement: its per-field allocations
// took 258 ms for 80k rows against 30 ms, on a scan whose time budget is 1.25x bare tokenizing (issue 6).
// With every field quoted, CSV is one rule: double each `"`. The tests compare with csv-stringify's output.
import { UsageError } from '../src/errors.js';
import { writeFileAtomic } from '../src/io/atomic-write.js';

export type Cell = string | number | boolean | null | undefined;

/** Excel's limits: longer cells are cut (and said so), more rows do not open. */
export const EXCEL_MAX_CELL = 32_767;
export const EXCEL_MAX_LINE_FEEDS = 253;
export const EXCEL_MAX_ROWS = 1_048_576;

// Leading characters Excel or LibreOffice may read as the start of a formula (incl. full-width forms);
// a leading apostrophe is prefixed too, so stripping one `'` always gives the value back.
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\uff1d', '\uff0b', '\uff0d', '\uff20', "'"]);

const CONTROL = /[\u0000-\u001f\u007f]/;

/** C0 controls other than TAB and LF, and DEL, become their visible Control Pictures (U+2400…). */
function showControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) =>
    String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)),
  );
}

/** A text value as it may safely go into a cell. Numbers and booleans are written as they are. */
export function safeCell(value: Cell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  let text = value;
  // Most cells hold no control character and are short: nothing to replace, count or cut.
  if (CONTROL.test(text)) text = truncate(showControls(text.replace(/\r\n?/g, '\n')));
  else if (text.length > EXCEL_MAX_CELL - 64) text = truncate(text);
  if (text.length > 0 && FORMULA_TRIGGERS.has(text[0])) text = `'${text}`;
  return text;
}

function truncate(text: string): string {
  let cut = text.length > EXCEL_MAX_CELL - 64 ? EXCEL_MAX_CELL - 64 : -1;
  let feeds = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (++feeds > EXCEL_MAX_LINE_FEEDS) {
      cut = cut === -1 ? i : Math.min(cut, i);
      break;
    }
  }
  if (cut === -1) return text;
  return `${text.slice(0, cut)}…[truncated from ${text.length} characters]`;
}

/** One CSV record: every field quoted, `"` doubled, CRLF after it. */
export function csvRecord(fields: ReadonlyArray<string | number>): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const text = String(fields[i]);
    line += `${i === 0 ? '' : ','}"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
  }
  return `${line}\r\n`;
}

export interface CsvTable {
  columns: readonly string[];
  rows: Iterable<readonly Cell[]> | AsyncIterable<readonly Cell[]>;
}

/** A file's start: the BOM (so Excel reads UTF-8) and the header record. */
export function csvHead(columns: readonly string[]): string {
  return `\ufeff${csvRecord(columns)}`;
}

/** One data record, its cells made safe; a row of the wrong width is a bug in the report. */
export function csvRow(columns: readonly string[], row: readonly Cell[]): string {
  if (row.length !== columns.length) throw new Error(`row has ${row.length} cells, expected ${columns.length}`);
  return csvRecord(row.map(safeCell));
}

/** Data rows a CSV file holds at most: Excel's sheet limit, less the header. */
export const MAX_DATA_ROWS = EXCEL_MAX_ROWS - 1;

/**
 * The files a report of `rows` rows goes to: `name.csv`, then `name-2.csv`, `name-3.csv`, … each with
 * the header and at most `maxRows` rows (research/security.md C-12: numbered parts, never a silent cut).
 */
export function csvPartNames(file: string, rows: number, maxRows = MAX_DATA_ROWS): string[] {
  const count = Math.max(1, Math.ceil(rows / maxRows));
  return Array.from({ length: count }, (_, i) => (i === 0 ? file : file.replace(/(\.csv)?$/, `-${i + 1}$1`)));
}

/** Excel opens at most EXCEL_MAX_ROWS rows, the header included: a report that is not split fails rather than lose rows. */
export function checkRowCount(rows: number, file: string): void {
  if (rows >= EXCEL_MAX_ROWS) throw new UsageError(`${file}: more than ${MAX_DATA_ROWS.toLocaleString('en-US')} rows do not open in Excel; this report is not split into parts`);
}

/** Writes the table atomically, in batches, so a million-row report never sits in memory as one string. */
export async function writeCsv(path: string, table: CsvTable): Promise<number> {
  let count = 0;
  async function* chunks() {
    let text = csvHead(table.columns);
    for await (const row of table.rows as AsyncIterable<readonly Cell[]>) {
      checkRowCount(++count, path);
      text += csvRow(table.columns, row);
      if (text.length >= 64 * 1024) {
        yield text;
        text = '';
      }
    }
    yield text;
  }
  await writeFileAtomic(path, chunks());
  return count;
}
