// The fuzzer's minimised corpus (test/fuzz/corpus, written by `npm run fuzz -- --update-corpus`) replayed
// through the fuzz target's property: each input ends in records or in one placed InputError, read whole,
// in pieces and from a split point alike. These are the inputs that reached the reader's corners.
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom } from '../../bench/prng.js';
import { fuzzLoop } from '../../fuzz/engine.js';
import { checkInput } from '../../fuzz/target.js';
import { tempDir } from '../helpers/clixml.js';

const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');
const inputs = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.xml'))
  .sort()
  .map((name) => ({ name, bytes: readFileSync(path.join(CORPUS, name)) }));

test('the corpus holds inputs that end in records and inputs that end in errors', async () => {
  const dir = await tempDir('farmscan-corpus-');
  let [withRecords, withErrors] = [0, 0];
  try {
    for (const { name, bytes } of inputs) {
      for (let seed = 0; seed < 3; seed++) {
        const outcome = await checkInput(bytes, createRandom(seed), dir).catch((error: Error) => {
          throw new Error(`${name}, check seed ${seed}: ${error.message}`);
        });
        if (seed > 0) continue;
        if (outcome.error === null) withRecords++;
        else withErrors++;
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  expect(inputs.length).toBeGreaterThan(20);
  expect(withRecords).toBeGreaterThan(0);
  expect(withErrors).toBeGreaterThan(0);
}, 120_000);

test('the fuzz loop keeps mutating from its seeds and reports no finding on the fixed reader', async () => {
  const dir = await tempDir('farmscan-loop-');
  try {
    const seeds = inputs.slice(0, 5).map(({ bytes }) => bytes);
    const stats = await fuzzLoop({ seed: 1, dir, seeds, maxBytes: 16 * 1024, probe: null, maxExecs: 200 });
    expect(stats.execs).toBe(200);
    expect(stats.findings.map((f) => f.message)).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
