import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { readCsv } from '../helpers/csv.js';
import { exporterApp, objs, tempDir, writeClixml } from '../helpers/clixml.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const examplePlugin = path.join(root, 'samples', 'plugins', 'missing-contact.js');

async function exportWithApps(): Promise<string> {
  const dir = await tempDir();
  await writeClixml(path.join(dir, 'apps.xml'), objs(exporterApp({ id: 'Owned', type: 'Group' }) + exporterApp({ id: 'Orphan', type: 'Group', email: null })));
  return dir;
}

describe('third-party scanners (--scanner)', () => {
  test('the example plugin runs beside the built-in scanners', async () => {
    const dir = await exportWithApps();
    const run = await runCli(['scan', dir, '--out', path.join(dir, 'out'), '--scanner', examplePlugin, '--json', '--quiet']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.findings['missing-contact/noContact']).toBe(1);
    expect(summary.findings['secure-store/convert']).toBe(2);
  });

  test('a scanner that throws on a record costs one error row for that record; the run goes on (exit 2)', async () => {
    const dir = await exportWithApps();
    const plugin = path.join(dir, 'throws.mjs');
    await writeFile(
      plugin,
      "export default { id: 'fragile', title: 'Fragile', reads: ['secureStoreApplication'], messages: { ok: 'ok' }, scan(r, ctx) { if (r.applicationId === 'Orphan') throw new Error('cannot cope'); ctx.report({ messageId: 'ok', subject: r.applicationId }); } };",
    );
    const out = path.join(dir, 'out');
    const run = await runCli(['scan', dir, '--out', out, '--scanner', plugin, '--scan-id', 't']);
    expect(run.code).toBe(2);
    const errors = (await readCsv(path.join(out, 'ScanErrors.csv'))).rows;
    expect(errors).toHaveLength(2);
    expect(errors[1][0]).toBe('apps.xml');
    expect(errors[1][3]).toBe('scanner fragile failed on this record: cannot cope');
    expect((await readCsv(path.join(out, 'ScannerReports', 'SecureStoreApplications-detail.csv'))).rows).toHaveLength(3);
  });

  test.each([
    ['export default 42;', /not a valid scanner: the module has no default export object/],
    ["export default { id: 'x', title: 'X', reads: ['secureStoreApplication'], messages: {} };", /property "scan" must be a function/],
    ["export default { id: 'x', title: 'X', reads: ['webPart'], messages: {}, scan() {} };", /property "reads" names an unknown record kind "webPart"/],
    ["export default { id: 'Bad Id', title: 'X', reads: ['siteCollection'], messages: {}, scan() {} };", /property "id" must be a kebab-case string/],
  ])('a module that is not a valid scanner is refused before the scan: %s', async (source, message) => {
    const dir = await exportWithApps();
    const plugin = path.join(dir, 'plugin.mjs');
    await writeFile(plugin, source);
    const out = path.join(dir, 'out');
    const run = await runCli(['scan', dir, '--out', out, '--scanner', plugin]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(plugin);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  // A syntax error is checked through the built CLI in a child process: jest 29's ESM runtime turns a
  // failed dynamic import into a crash of the test process itself.
  test('a module that does not parse is refused with one line naming the file', async () => {
    const dir = await exportWithApps();
    const plugin = path.join(dir, 'plugin.mjs');
    await writeFile(plugin, 'this is not javascript');
    const child = spawnSync(process.execPath, [path.join(root, 'bin', 'farmscan.js'), 'scan', dir, '--out', path.join(dir, 'out'), '--scanner', plugin], { encoding: 'utf8' });
    expect(child.status).toBe(1);
    expect(child.stderr.trim()).toBe(`farmscan: ${plugin}: cannot load the scanner module: Unexpected identifier 'is'`);
  });
});
