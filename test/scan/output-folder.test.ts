// The output folder around the one-set switch: the lock that keeps a second scan out (and does not hold
// up the next scan after a kill), a switch that a program refuses undone, and folders farmscan will not
// switch as a whole. The user's own files are kept in every case.
import { chmod, mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beginOutputSet, refuseOpenFiles } from '../../src/scan/output-set.js';
import { runCli } from '../helpers/cli.js';
import { exporterApp, objs, site, tempDir, writeClixml } from '../helpers/clixml.js';
import { leftovers, runScanChild, snapshot, waitFor } from './output-harness.js';
import { generateExport } from '../../bench/generate.js';

const TIME = '2026-11-23T10:00:00Z';

/** An export, and an output folder with an earlier scan's set and a file of the user's. */
async function setUp(): Promise<{ dir: string; out: string; lock: string; before: Record<string, string> }> {
  const dir = await tempDir();
  await mkdir(path.join(dir, 'export'));
  await writeClixml(path.join(dir, 'export', 'a.xml'), objs(exporterApp({ id: 'A', type: 'Group' }) + site({ url: 'https://x/sites/a', readLocked: true })));
  const out = path.join(dir, 'out');
  expect((await runCli(['scan', path.join(dir, 'export'), '--out', out, '--scan-id', 'old', '--scan-time', TIME])).code).toBe(0);
  await writeFile(path.join(out, 'notes.txt'), 'mine');
  return { dir, out, lock: path.join(dir, '.out.farmscan-lock'), before: (await snapshot(out))! };
}

const rescan = (dir: string, out: string) => runCli(['scan', path.join(dir, 'export'), '--out', out, '--scan-id', 'new', '--scan-time', TIME]);

describe('one scan at a time per output folder', () => {
  test('a lock held by a running scan on this host: one message naming it, exit 1, the old set untouched', async () => {
    const { dir, out, lock, before } = await setUp();
    await writeFile(lock, JSON.stringify({ host: os.hostname(), pid: process.pid, since: TIME }));
    const run = await rescan(dir, out);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`another scan (process ${process.pid} on ${os.hostname()}, since ${TIME}) is writing this output folder`);
    expect(run.stderr).toContain(`If no scan is running, delete ${lock}`);
    expect(await snapshot(out)).toEqual(before);
    expect(await readFile(lock, 'utf8')).toContain(`"pid":${process.pid}`); // not taken
  });

  test('a lock from another host counts until it has not been refreshed for 10 minutes; an unreadable one for a minute', async () => {
    const { dir, out, lock } = await setUp();
    await writeFile(lock, JSON.stringify({ host: 'elsewhere', pid: 1, since: TIME }));
    expect((await rescan(dir, out)).stderr).toContain('process 1 on elsewhere');
    const elevenMinutesAgo = new Date(Date.now() - 11 * 60_000);
    await utimes(lock, elevenMinutesAgo, elevenMinutesAgo);
    expect((await rescan(dir, out)).code).toBe(0);
    expect(await leftovers(out)).toEqual([]);

    await writeFile(lock, '');
    expect((await rescan(dir, out)).stderr).toContain('another scan is writing this output folder');
    const twoMinutesAgo = new Date(Date.now() - 2 * 60_000);
    await utimes(lock, twoMinutesAgo, twoMinutesAgo);
    expect((await rescan(dir, out)).code).toBe(0);
  });

  test('two scan processes at once into one folder: the second stops with the message, the first writes its set', async () => {
    const dir = await tempDir();
    const exportDir = path.join(dir, 'export');
    await generateExport(exportDir, { sites: 2_000, apps: 10, encoding: 'utf8' });
    const out = path.join(dir, 'out');
    const lock = path.join(dir, '.out.farmscan-lock');
    const scanArgs = [exportDir, '--out', out, '--scan-id', 'x', '--scan-time', TIME, '--quiet', '--concurrency', '1'];
    // The first holds the lock, paused once its staging folder is made, for as long as the second may take
    // to start on a loaded machine (a scan long enough by its size alone became too short once reading got faster).
    const first = runScanChild(scanArgs, { env: { FARMSCAN_TEST_PAUSE_AT: 'output.staging:8000' } });
    const locked = await waitFor(async () => (await readFile(lock, 'utf8').catch(() => '')).includes('"pid"'), 30_000);
    expect(locked).toBe(true);
    const second = await runScanChild(scanArgs);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/another scan \(process \d+ on .+\) is writing this output folder/);
    expect((await first).code).toBe(0);
    expect(Object.keys((await snapshot(out))!)).toContain('remediation-plan.json');
    expect(await leftovers(out)).toEqual([]);
  }, 120_000);
});

describe('a switch refused by the file system is undone', () => {
  const busy = (code: string) => Object.assign(new Error(`${code}: resource busy or locked`), { code, syscall: 'rename' });

  test.each([
    ['the staging folder cannot be renamed in', (from: string) => path.basename(from).includes('farmscan-new-')],
    ["a file of the user's cannot be moved", (from: string) => path.basename(from) === 'notes.txt'],
  ])('%s: one message, the old set and the user files back in place, the staging folder removed', async (_, refused) => {
    const { out, before } = await setUp();
    const { rename } = await import('node:fs/promises');
    const set = await beginOutputSet(out, { retries: 2, rename: async (from, to) => (refused(from) ? Promise.reject(busy('EBUSY')) : rename(from, to)) });
    await writeFile(path.join(set.dir, 'SummaryReport.csv'), 'new');
    await expect(set.commit()).rejects.toThrow(/cannot switch in the new reports \(EBUSY.*close it and run the scan again. The previous reports are unchanged/);
    await set.discard();
    expect(await snapshot(out)).toEqual(before);
    expect(await leftovers(out)).toEqual([]);
  });
});

test('a report open in Excel (Windows refuses to open it for writing): one message naming it, before anything moves', async () => {
  const { out, before } = await setUp();
  const { open } = await import('node:fs/promises');
  const excel = async (file: string, flags: string) =>
    file.endsWith('LockedSites-detail.csv') ? Promise.reject(Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' })) : open(file, flags);
  await expect(refuseOpenFiles(out, excel)).rejects.toThrow(
    `${path.join(out, 'ScannerReports', 'LockedSites-detail.csv')}: open in another program (Excel?): close it and run the scan again. The previous reports are unchanged`,
  );
  await expect(refuseOpenFiles(out)).resolves.toBeUndefined();
  expect(await snapshot(out)).toEqual(before);
});

describe('folders farmscan does not switch as a whole', () => {
  test('the current folder inside the output folder, and ScannerReports that is not a folder: refused before anything is read', async () => {
    const { dir, out, before } = await setUp();
    const inside = path.join(out, 'sub');
    await mkdir(inside);
    const run = await runCli(['scan', path.join(dir, 'export'), '--out', '..'], { cwd: inside });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the output folder holds the current folder/);
    const other = path.join(dir, 'other');
    await mkdir(other);
    await writeFile(path.join(other, 'ScannerReports'), 'a file');
    expect((await runCli(['scan', path.join(dir, 'export'), '--out', other])).stderr).toMatch(/ScannerReports: is in the way/);
    expect(await readFile(path.join(other, 'ScannerReports'), 'utf8')).toBe('a file');
    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked');
      await mkdir(path.join(locked, 'out'), { recursive: true });
      await chmod(locked, 0o555);
      const readOnlyParent = await runCli(['scan', path.join(dir, 'export'), '--out', path.join(locked, 'out')]);
      await chmod(locked, 0o755);
      expect(readOnlyParent.stderr).toMatch(/locked: cannot be written to \(EACCES\); farmscan writes a new set of reports beside the output folder/);
    }
    expect(await snapshot(out)).toEqual(before);
  });

  test('the output folder keeps its mode across the switch', async () => {
    const { dir, out } = await setUp();
    await chmod(out, 0o750);
    expect((await rescan(dir, out)).code).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o750);
  });

  test('an output folder that does not exist yet, parents included, is made; the export folder as the output folder keeps the export', async () => {
    const { dir } = await setUp();
    const deep = path.join(dir, 'a', 'b', 'out');
    expect((await runCli(['scan', path.join(dir, 'export'), '--out', deep])).code).toBe(0);
    expect(Object.keys((await snapshot(deep))!)).toContain('ScanErrors.csv');
    const exportDir = path.join(dir, 'export');
    const xml = await readFile(path.join(exportDir, 'a.xml'));
    expect((await runCli(['scan', exportDir, '--out', exportDir])).code).toBe(0);
    expect((await runCli(['scan', exportDir, '--out', exportDir])).code).toBe(0);
    expect(await readFile(path.join(exportDir, 'a.xml'))).toEqual(xml);
    expect(Object.keys((await snapshot(exportDir))!)).toContain('remediation-plan.json');
  });
});
