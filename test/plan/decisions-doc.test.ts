// The example in docs/decisions.md is a valid decisions file, so the docs cannot drift from the schema.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadDecisions } from '../../src/plan/load.js';

test('the docs/decisions.md example loads, and $schema is accepted', async () => {
  const doc = await readFile(new URL('../../docs/decisions.md', import.meta.url), 'utf8');
  const example = /```json\n([^]*?)```/.exec(doc)?.[1];
  expect(example).toBeDefined();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'farmscan-doc-'));
  try {
    const file = path.join(dir, 'decisions.json');
    await writeFile(file, JSON.stringify({ $schema: '../schema/decisions.schema.json', ...JSON.parse(example!) }));
    const decisions = await loadDecisions(file);
    expect(decisions.decisions.map((d) => d.action)).toEqual(['create', 'skip']);
    expect(decisions.decisions[0].administrators?.[0].encodedClaim).toBe('i:0#.w|contoso\\sp-admin');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
