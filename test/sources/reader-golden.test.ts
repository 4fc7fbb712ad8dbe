// The reader's results on every case of reader-cases.ts against what they were before the byte-level rewrite
// (issue 14): records (with their lines and columns) by hash, errors by message and position.
// UPDATE_GOLDEN=1 records them anew: do that only for a change meant to alter what the reader gives.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/errors.js';
import type { FarmRecord } from '../../src/model.js';
import { readExportFile } from '../../src/sources/read-export-file.js';
import { tempDir } from '../helpers/clixml.js';
import { readerCases } from './reader-cases.js';

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), '__golden__', 'reader-cases.json');

interface Outcome {
  records: number;
  sha: string;
  stats?: { encoding: string; objects: number; unrecognized: number };
  error?: { message: string; line: number | null; column: number | null };
}

async function outcomeOf(file: string): Promise<Outcome> {
  const records: FarmRecord[] = [];
  const digest = () => createHash('sha256').update(JSON.stringify(records)).digest('hex').slice(0, 16);
  try {
    const stats = await readExportFile(file, 'case.xml', (record) => records.push(record));
    return { records: records.length, sha: digest(), stats: { encoding: stats.encoding, objects: stats.objects, unrecognized: stats.unrecognized } };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { records: records.length, sha: digest(), error: { message: error.message, line: error.line ?? null, column: error.column ?? null } };
  }
}

test('the reader gives every case what it gave before', async () => {
  const dir = await tempDir('farmscan-golden-');
  const actual: Record<string, Outcome> = {};
  try {
    for (const { name, bytes } of readerCases()) {
      const file = path.join(dir, 'case.xml');
      await writeFile(file, bytes);
      actual[name] = await outcomeOf(file);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 1)}\n`);
  const expected = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Outcome>;
  expect(Object.keys(actual).length).toBeGreaterThan(300);
  for (const name of Object.keys(expected)) expect({ name, ...actual[name] }).toEqual({ name, ...expected[name] });
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
}, 120_000);
