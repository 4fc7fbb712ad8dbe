// The reading stage behind its one interface (src/scan/read-records.ts readAll): each reading's records
// reach the taker in file order, a bad file ends in `failed` with the records before the error, progress
// adds up, and a taker's throw stops the scan. (Worker threads run from the build: split-file.test.ts.)
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findExportFiles } from '../../src/scan/find-files.js';
import { planFor } from '../../src/scan/read-plan.js';
import { readAll } from '../../src/scan/read-records.js';
import type { ExportFile, RecordTaker } from '../../src/scan/run-types.js';
import { tempDir } from '../helpers/clixml.js';

const CONTOSO = fileURLToPath(new URL('../../samples/contoso/', import.meta.url));

/** A taker that writes down what each slot was given, in order. */
function recorder(): RecordTaker & { log: Map<number, string[]> } {
  const log = new Map<number, string[]>();
  const note = (slot: number, entry: string) => log.set(slot, [...(log.get(slot) ?? []), entry]);
  return {
    log,
    record: (slot, record) => note(slot, `${record.kind}@${record.origin.line}`),
    item: (slot) => note(slot, 'item'),
    covered: (slot, coverage) => note(slot, `covered ${coverage.records}`),
    failed: (slot, error) => note(slot, `failed at ${error.line}`),
    discard: (slot) => note(slot, 'discard'),
  };
}

async function exportWithCutFile(): Promise<ExportFile[]> {
  const dir = await tempDir('farmscan-read-');
  for (const name of ['SiteCollections.xml', 'SecureStoreApplications.xml']) await copyFile(path.join(CONTOSO, name), path.join(dir, name));
  const sites = await readFile(path.join(CONTOSO, 'SiteCollections.xml'), 'utf8');
  await writeFile(path.join(dir, 'Cut.xml'), sites.slice(0, Math.floor(sites.length / 2)));
  return findExportFiles(dir, path.join(dir, 'out'));
}

async function readWith(files: ExportFile[], concurrency: number, taker = recorder()) {
  const plan = await planFor(files, 1);
  let records = 0;
  let filesDone = 0;
  const events = { onProgress: (n: number) => (records += n), onFileDone: () => filesDone++ };
  const outcome = await readAll(plan, files, taker, { concurrency, events, scan: { scanId: 's', targetPlatform: 'sharepoint-se', scanners: [] } });
  return { outcome, log: taker.log, records, filesDone };
}

describe('readAll on this thread', () => {
  test('each file into its slot, in record order; a cut file fails after the records before its error', async () => {
    const files = await exportWithCutFile();
    expect(files.map((f) => f.name)).toEqual(['Cut.xml', 'SecureStoreApplications.xml', 'SiteCollections.xml']);
    const { outcome, log, records, filesDone } = await readWith(files, 1);
    expect(outcome).toEqual({ threads: 0, parts: 0 });
    expect(filesDone).toBe(3);
    const [cut, apps, sites] = [log.get(0)!, log.get(1)!, log.get(2)!];
    expect(cut.at(-1)).toMatch(/^failed at \d+$/);
    expect(cut.length).toBeGreaterThan(2);
    expect(sites.at(-1)).toBe(`covered ${sites.length - 1}`);
    expect(apps.at(-1)).toBe(`covered ${apps.length - 1}`);
    // The cut file gives the whole file's first records, then its error.
    expect(cut.slice(0, -1)).toEqual(sites.slice(0, cut.length - 1));
    const lines = sites.slice(0, -1).map((entry) => Number(entry.split('@')[1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(records).toBe(cut.length - 1 + apps.length - 1 + sites.length - 1);
    expect(log.size).toBe(3);
  });

  test('files read at once give each slot the same as one at a time', async () => {
    const files = await exportWithCutFile();
    expect((await readWith(files, 3)).log).toEqual((await readWith(files, 1)).log);
  });

  test("a taker's throw stops the scan with that error", async () => {
    const files = await exportWithCutFile();
    const taker = recorder();
    const bug = new Error('a bug in a scanner');
    taker.record = () => {
      throw bug;
    };
    await expect(readWith(files, 3, taker)).rejects.toBe(bug);
  });
});
