// The lock reports are filled while the scan reads (reports/csv-parts.ts): with several files read at
// once their rows must still come out file by file, as if each file were scanned alone.
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateExport } from '../../bench/generate.js';
import { scan } from '../../src/index.js';
import { readCsv } from '../helpers/csv.js';
import { tempDir } from '../helpers/clixml.js';

const LOCK_REPORTS = ['ScannerReports/SiteLocks-detail.csv', 'ScannerReports/LockedSites-detail.csv'];
const tempFolders = async () => (await readdir(os.tmpdir())).filter((name) => name.startsWith('farmscan-findings-'));

async function lockRows(exportDir: string, outDir: string, concurrency: number): Promise<string[][][]> {
  await scan({ exportDir, outDir, scanId: 'same', scanTime: '2026-11-23T00:00:00Z', concurrency });
  return Promise.all(LOCK_REPORTS.map(async (f) => (await readCsv(path.join(outDir, f))).rows.slice(1)));
}

describe('lock reports written while the scan runs', () => {
  test('two files read at once give the rows of each file scanned alone, in path order, and leave no temp folder', async () => {
    const dir = await tempDir('farmscan-stream-');
    const both = path.join(dir, 'both');
    // Different seeds: different sites; enough locked ones for the rows to pass through the temp folder.
    const a = await generateExport(path.join(both, 'a'), { sites: 12_000, apps: 6, encoding: 'utf8', seed: 1 });
    const b = await generateExport(path.join(both, 'b'), { sites: 8_000, apps: 6, encoding: 'utf16le', seed: 2 });
    const before = new Set(await tempFolders());

    const alone = [await lockRows(path.join(both, 'a'), path.join(dir, 'out-a'), 2), await lockRows(path.join(both, 'b'), path.join(dir, 'out-b'), 2)];
    const together = await lockRows(both, path.join(dir, 'out-2'), 2);
    const oneByOne = await lockRows(both, path.join(dir, 'out-1'), 1);

    const locked = (c: typeof a.counts.lockStates) => c.NoAccess + c.ReadOnly + c.NoAdditions + c.Unknown;
    expect(alone[0][0]).toHaveLength(locked(a.counts.lockStates));
    expect(alone[1][0]).toHaveLength(locked(b.counts.lockStates));
    expect(alone[0][1]).toHaveLength(a.counts.lockStates.NoAccess);
    expect(together[0].length).toBeGreaterThan(1000); // ~250 KB of rows: several 64 KB buffers' worth
    for (const report of [0, 1]) expect(together[report]).toEqual([...alone[0][report], ...alone[1][report]]);
    expect(oneByOne).toEqual(together);
    for (const f of LOCK_REPORTS) {
      expect(await readFile(path.join(dir, 'out-1', f))).toEqual(await readFile(path.join(dir, 'out-2', f)));
    }
    expect((await tempFolders()).filter((name) => !before.has(name))).toEqual([]);
  });
});
