// A strict RFC 4180 reader for tests: what Excel sees when it opens our files (with "," as separator).
import { readFile } from 'node:fs/promises';

export interface ParsedCsv {
  bom: boolean;
  crlf: boolean;
  rows: string[][];
}

export async function readCsv(file: string): Promise<ParsedCsv> {
  const buffer = await readFile(file);
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  const text = buffer.toString('utf8', bom ? 3 : 0);
  return { bom, crlf: /\r\n$/.test(text), rows: parseCsv(text) };
}

export function parseCsv(text: string, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted cell');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== separator && text[i] !== '\r' && text[i] !== '\n') cell += text[i++];
    }
    row.push(cell);
    if (text[i] === separator) {
      i++;
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    rows.push(row);
    row = [];
  }
  return rows;
}
