// Large export files of similar size are read on worker threads (src/scan/read-in-workers.ts, parallel.ts). Workers run from
// the build, so this runs the built CLI; `npm test` builds first.
import { execFile } from 'node:child_process';
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateExport } from '../../bench/generate.js';
import { tempDir } from '../helpers/clixml.js';

const BIN = fileURLToPath(new URL('../../bin/farmscan.js', import.meta.url));
const run = promisify(execFile);

async function scanWith(exportDir: string, outDir: string, extra: string[]): Promise<{ summary: Record<string, unknown>; stderr: string; files: Map<string, Buffer> }> {
  const args = [BIN, 'scan', exportDir, '--out', outDir, '--scan-id', 'same', '--scan-time', '2026-11-23T00:00:00Z', '--json', ...extra];
  const { stdout, stderr } = await run(process.execPath, args).catch((error: { stdout: string; stderr: string; code: number }) => {
    if (error.code !== 2) throw error; // 2: finished, some input was bad
    return error;
  });
  const names = (await readdir(outDir, { recursive: true })).filter((f) => f.includes('.')).sort();
  return { summary: JSON.parse(stdout), stderr, files: new Map(await Promise.all(names.map(async (f) => [f, await readFile(path.join(outDir, f))] as const))) };
}

describe('parallel scan on worker threads', () => {
  test('two large files of similar size, a broken one and a plugin: threads give the same bytes as one thread', async () => {
    const dir = await tempDir('farmscan-parallel-');
    const exportDir = path.join(dir, 'export');
    // ~36 MB in all: past the size where workers start. UTF-8 and UTF-16 LE, different sites.
    await generateExport(path.join(exportDir, 'a'), { sites: 50_000, apps: 40, encoding: 'utf8', seed: 1 });
    await generateExport(path.join(exportDir, 'b'), { sites: 25_000, apps: 40, encoding: 'utf16le', seed: 2 });
    // A site list cut off in the middle: an error at its line and column, the sites before it still count.
    const whole = await readFile(path.join(exportDir, 'a', 'SiteCollections.xml'), 'utf8');
    await writeFile(path.join(exportDir, 'Cut.xml'), whole.slice(0, 200_000));
    // A plugin stays on the main thread: it gets every site record of a file in order, and a throw costs one record.
    const plugin = path.join(dir, 'by-line.mjs');
    await writeFile(
      plugin,
      `export default {
  id: 'by-line', title: 'Sites by line', reads: ['siteCollection'], messages: { tenth: 'Site {{url}}' },
  scan(record, ctx) {
    if (record.origin.line % 997 === 0) throw new Error('site ' + record.url);
    if (record.origin.line % 10 === 0) ctx.report({ messageId: 'tenth', subject: record.url, data: { url: record.url } });
  },
};
`,
    );
    await copyFile(path.join(exportDir, 'a', 'SecureStoreApplications.xml'), path.join(exportDir, 'Apps-copy.xml'));

    const one = await scanWith(exportDir, path.join(dir, 'one'), ['--concurrency', '1', '--scanner', plugin]);
    const many = await scanWith(exportDir, path.join(dir, 'many'), ['--concurrency', '2', '--scanner', plugin]);

    expect(one.summary.threads).toBe(0);
    expect(many.summary.threads).toBe(os.availableParallelism() >= 2 ? 2 : 0);
    expect(many.stderr).toContain(os.availableParallelism() >= 2 ? '(read on 2 threads)' : 'failed\n');
    expect({ ...many.summary, threads: 0 }).toEqual(one.summary);
    expect(one.summary.errors).toBeGreaterThan(70); // the cut file, and the plugin's throws
    expect((one.summary.findings as Record<string, number>)['by-line/tenth']).toBeGreaterThan(7000);
    expect([...many.files.keys()]).toEqual([...one.files.keys()]);
    for (const [name, bytes] of one.files) expect({ name, same: many.files.get(name)!.equals(bytes) }).toEqual({ name, same: true });
    const errors = one.files.get('ScanErrors.csv')!.toString('utf8');
    expect(errors).toMatch(/"Cut\.xml","\d+","\d+"/);
    expect(errors).toContain('scanner by-line failed on this record: site https://');
  });
});
