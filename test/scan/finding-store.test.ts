import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateExport } from '../../bench/generate.js';
import { scan } from '../../src/index.js';
import { createFindingStore } from '../../src/scan/finding-store.js';
import { createTempSpace, TempFolderError } from '../../src/scan/temp-space.js';
import type { Finding } from '../../src/scan/types.js';
import { tempDir } from '../helpers/clixml.js';

const finding = (scannerId: string, n: number, messageId = 'm'): Finding => ({
  scannerId,
  messageId,
  severity: n % 2 ? 'warning' : 'blocker',
  message: `finding ${n} \u00e9\u4e2d\ud83d\udcca "q"\n`,
  subject: `s${n}`,
  origin: { file: 'f.xml', line: n, column: 1 },
  data: { n, nested: { list: [n, null, 'x'] } },
});

const spillFolders = async () => (await readdir(os.tmpdir())).filter((name) => name.startsWith('farmscan-findings-'));

/** Runs `body` and returns the spill folders it left in the temp folder (only this file's tests spill). */
async function inPrivateTmp(body: () => Promise<void>): Promise<string[]> {
  const before = new Set(await spillFolders());
  await body();
  return (await spillFolders()).filter((name) => !before.has(name));
}

describe('finding store', () => {
  test('spilled findings come back equal and in order: by slot, then as added; counts and re-reads hold', async () => {
    const left = await inPrivateTmp(async () => {
      const store = createFindingStore(3, { memoryLimit: 4 });
      const added: Finding[] = [];
      // Slots filled out of order, as concurrent files do; 40 findings through a limit of 4.
      for (let n = 0; n < 40; n++) {
        const f = finding(n % 5 === 0 ? 'other' : 'locks', n, n % 3 === 0 ? 'a' : 'b');
        added.push(f);
        store.add([2, 0, 1][n % 3], f);
      }
      const expected = (id: string) => [0, 1, 2].flatMap((slot) => added.filter((f, n) => f.scannerId === id && [2, 0, 1][n % 3] === slot));
      for (const id of ['locks', 'other']) {
        expect(store.of(id).count).toBe(expected(id).length);
        expect(await store.of(id).toArray()).toEqual(expected(id));
        expect(await store.of(id).toArray()).toEqual(expected(id)); // a second read gives the same
      }
      expect(await store.of('none').toArray()).toEqual([]);
      // Only some messageIds: the others are skipped, spilled or not.
      const onlyA = expected('locks').filter((f) => f.messageId === 'a');
      expect(store.of('locks', ['a']).count).toBe(onlyA.length);
      expect(await store.of('locks', ['a']).toArray()).toEqual(onlyA);
      expect(await store.of('locks', ['a', 'b']).toArray()).toEqual(expected('locks'));
      const total = store.counts().reduce((sum, c) => sum + c.count, 0);
      expect(total).toBe(40);
      expect(store.counts()[0]).toEqual({ scanner: 'locks', finding: 'a', severity: 'blocker', count: 5 });
      expect(store.counts().map((c) => c.severity)).toEqual(['blocker', 'blocker', 'blocker', 'blocker', 'warning', 'warning', 'warning', 'warning']);
      store.dispose();
    });
    expect(left).toEqual([]);
  });

  test('a temp folder that refuses the spill stops the run with one clear error; nothing is added after dispose', async () => {
    const missing = path.join(await tempDir('farmscan-spill-'), 'missing');
    const store = createFindingStore(1, { memoryLimit: 2, temp: createTempSpace(missing) });
    store.add(0, finding('locks', 0));
    store.add(0, finding('locks', 1));
    expect(() => store.add(0, finding('locks', 2))).toThrow(TempFolderError);
    expect(() => store.add(0, finding('locks', 3))).toThrow(/cannot write scan data to the temp folder .*missing \(ENOENT\): .*--temp-dir/);
    store.dispose();
    store.add(0, finding('locks', 4));
    expect(store.of('locks').count).toBe(4);
  });

  test('a streamed scanner is counted, not kept: its count reads, its findings do not', async () => {
    const dir = await tempDir('farmscan-streamed-');
    const temp = createTempSpace(dir);
    const store = createFindingStore(2, { memoryLimit: 1, temp, streamed: new Set(['locks']) });
    for (let n = 0; n < 10; n++) store.add(n % 2, finding('locks', n, n < 3 ? 'a' : 'b'));
    store.add(0, finding('other', 1));
    expect(await readdir(dir)).toEqual([]); // one finding held, at the limit: nothing spilled
    expect(store.of('locks').count).toBe(10);
    expect(store.of('locks', ['a']).count).toBe(3);
    expect(store.counts().filter((c) => c.scanner === 'locks').reduce((sum, c) => sum + c.count, 0)).toBe(10);
    await expect(store.of('locks').toArray()).rejects.toThrow(/went to its reports during the scan/);
    expect((await store.of('other').toArray()).map((f) => f.subject)).toEqual(['s1']);
    store.dispose();
    temp.dispose();
  });

  test('a discarded slot is taken out of the counts and the findings, held or spilled; other slots stay', async () => {
    const dir = await tempDir('farmscan-discard-');
    const temp = createTempSpace(dir);
    const store = createFindingStore(3, { memoryLimit: 4, temp, streamed: new Set(['locks']) });
    for (let n = 0; n < 30; n++) {
      store.add(n % 3, finding('kept', n, n % 2 ? 'odd' : 'even'));
      store.add(n % 3, finding('locks', n));
    }
    expect((await readdir(dir)).length).toBe(1); // past the limit: some spilled
    store.discard(1);
    const subjects = (await store.of('kept').toArray()).map((f) => f.subject);
    expect(subjects).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 2, 5, 8, 11, 14, 17, 20, 23, 26, 29].map((n) => `s${n}`));
    expect(store.of('kept').count).toBe(20);
    expect(store.of('kept', ['odd']).count).toBe(10);
    expect(store.of('locks').count).toBe(20);
    expect(store.counts().reduce((sum, c) => sum + c.count, 0)).toBe(40);
    store.add(1, finding('kept', 100));
    expect(store.of('kept').count).toBe(21);
    store.dispose();
    temp.dispose();
  });

  test('a scan that spills after every finding writes the same bytes as one that keeps them all, and leaves no temp file', async () => {
    const dir = await tempDir('farmscan-spill-');
    const exportDir = path.join(dir, 'export');
    await generateExport(exportDir, { sites: 3000, apps: 30, encoding: 'utf8' });
    const outputs: string[][] = [];
    const left = await inPrivateTmp(async () => {
      for (const findingsInMemory of [undefined, 1, 7]) {
        const out = path.join(dir, `out-${findingsInMemory}`);
        const result = await scan({ exportDir, outDir: out, scanId: 'same', scanTime: '2026-11-23T00:00:00Z', concurrency: 2, findingsInMemory });
        expect(result.findingCounts.find((c) => c.scanner === 'locked-sites')!.count).toBeGreaterThan(50);
        const files = (await readdir(out, { recursive: true })).filter((f) => f.includes('.')).sort();
        outputs.push(await Promise.all(files.map(async (f) => `${f}\n${await readFile(path.join(out, f), 'utf8')}`)));
      }
    });
    expect(outputs[0].length).toBeGreaterThanOrEqual(7);
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
    expect(left).toEqual([]);
  });
});
