import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { customObject, exporterApp, nil, objs, profileMapping, s, site, tempDir, writeClixml } from '../helpers/clixml.js';
import { readCsv } from '../helpers/csv.js';

// A small export that touches every count the summary has: each classification, each lock state,
// a profile mapping that uses an application, phonetic noise, an unrecognised object and a broken file.
const mapping = profileMapping;

async function summaryExport(): Promise<string> {
  const dir = await tempDir('farmscan-summary-');
  await writeClixml(
    path.join(dir, 'apps.xml'),
    objs(
      exporterApp({ id: 'HRPayrollDB', type: 'Group' }) +
        exporterApp({ id: 'Visio', type: 'Group' }) +
        exporterApp({ id: 'Excel', type: 'RestrictedGroup' }) +
        exporterApp({ id: 'Finance', type: 'Individual' }) +
        exporterApp({ id: 'Teleport', type: 'Teleport' }),
    ),
    'utf16le',
  );
  await writeClixml(
    path.join(dir, 'sites.xml'),
    objs(
      site({ url: 'https://intranet.contoso.com/sites/legal', readLocked: true, lockIssue: 'legal hold' }) +
        site({ url: 'https://intranet.contoso.com/sites/hr', readLocked: true }) +
        site({ url: 'https://intranet.contoso.com/sites/archive', readLocked: false, readOnly: true }) +
        site({ url: 'https://intranet.contoso.com/sites/full', readLocked: false, writeLocked: true }) +
        site({ url: 'https://intranet.contoso.com/sites/board', readLocked: null }) +
        site({ url: 'https://intranet.contoso.com/sites/a', readLocked: false }) +
        site({ url: 'https://intranet.contoso.com/sites/b', readLocked: false }) +
        customObject(s('Something', 'else')),
    ),
  );
  await writeClixml(
    path.join(dir, 'bcs.xml'),
    objs(customObject(s('LobSystem', 'HR') + s('Name', 'HRSystemInstance') + s('SsoApplicationId', 'HRPayrollDB') + nil('SecondarySsoApplicationId'))),
  );
  await writeClixml(
    path.join(dir, 'profiles.xml'),
    objs(
      mapping('Contoso AD', 'SPS-PhoneticFirstName', null) +
        mapping('Contoso AD', 'SPS-PhoneticDisplayName', null) +
        mapping('HR Employee Data', 'EmployeeID', 'HRSystemInstance') +
        mapping('HR Employee Data', 'CostCenter', 'HRSystemInstance'),
    ),
    'utf16le',
  );
  await writeFile(path.join(dir, 'broken.xml'), '<Objs Version="1.1.0.1"><Obj');
  return dir;
}

// A third-party scanner: its findings are counted generically, under its own id.
const PLUGIN = `export default {
  id: 'naming-check', title: 'Naming', reads: ['secureStoreApplication', 'siteCollection'],
  messages: { shortId: 'short', site: 'site' },
  scan(record, ctx) {
    if (record.kind === 'siteCollection') ctx.report({ messageId: 'site', severity: 'info', subject: record.url });
    else if (record.applicationId.length <= 5) ctx.report({ messageId: 'shortId', severity: 'warning', subject: record.applicationId });
  },
};`;

test('SummaryReport.csv counts by scanner, finding and severity (blockers first), then coverage', async () => {
  const dir = await summaryExport();
  const plugin = path.join(dir, 'naming-check.mjs');
  await writeFile(plugin, PLUGIN);
  const out = path.join(dir, 'out');
  const run = await runCli(['scan', dir, '--out', out, '--scan-id', 'x', '--scanner', plugin]);
  expect(run.code).toBe(2); // broken.xml
  const csv = await readCsv(path.join(out, 'SummaryReport.csv'));
  expect(csv.bom).toBe(true);
  expect(csv.crlf).toBe(true);
  expect(csv.rows).toEqual([
    ['Scanner', 'Finding', 'Severity', 'Count', 'ScanID'],
    ['locked-sites', 'NoAccess', 'blocker', '2', 'x'],
    ['secure-store', 'redesign', 'blocker', '1', 'x'],
    ['secure-store', 'unknown', 'error', '1', 'x'],
    ['locked-sites', 'NoAdditions', 'warning', '1', 'x'],
    ['locked-sites', 'ReadOnly', 'warning', '1', 'x'],
    ['locked-sites', 'Unknown', 'warning', '1', 'x'],
    ['naming-check', 'shortId', 'warning', '2', 'x'],
    ['profile-mappings', 'usedByProfile', 'warning', '1', 'x'],
    ['secure-store', 'convert', 'warning', '2', 'x'],
    ['naming-check', 'site', 'info', '7', 'x'],
    ['profile-mappings', 'mapping', 'info', '2', 'x'],
    ['profile-mappings', 'noise', 'info', '2', 'x'],
    ['secure-store', 'compatible', 'info', '1', 'x'],
    ['coverage', 'FilesSeen', 'info', '5', 'x'],
    ['coverage', 'RecordsRead', 'info', '17', 'x'],
    ['coverage', 'FilesFailed', 'info', '1', 'x'],
    ['coverage', 'ObjectsNotRecognised', 'info', '1', 'x'],
    ['coverage', 'ScanErrors', 'info', '1', 'x'],
  ]);
});

test('a clean scan still lists every coverage row, zeros included', async () => {
  const dir = await summaryExport();
  const out = path.join(dir, 'out');
  await runCli(['scan', dir, '--out', out, '--scan-id', 'clean', '--scanners', 'locked-sites']);
  const rows = (await readCsv(path.join(out, 'SummaryReport.csv'))).rows;
  expect(rows.filter((r) => r[0] === 'coverage').map((r) => `${r[1]}=${r[3]}`)).toEqual(['FilesSeen=5', 'RecordsRead=17', 'FilesFailed=1', 'ObjectsNotRecognised=1', 'ScanErrors=1']);
  expect(rows.filter((r) => r[0] !== 'coverage' && r[0] !== 'Scanner').map((r) => r[0])).toEqual(['locked-sites', 'locked-sites', 'locked-sites', 'locked-sites']);
});

test('same export and ScanID give the same bytes at any concurrency', async () => {
  const dir = await summaryExport();
  const read = async (concurrency: string) => {
    const out = path.join(dir, `out-${concurrency}`);
    await runCli(['scan', dir, '--out', out, '--scan-id', 'd', '--scan-time', '2026-11-23T00:00:00Z', '--concurrency', concurrency]);
    return Promise.all([readFile(path.join(out, 'SummaryReport.csv')), readFile(path.join(out, 'summary.html'))]);
  };
  const [csv1, html1] = await read('1');
  const [csv4, html4] = await read('4');
  expect(csv4.equals(csv1)).toBe(true);
  expect(html4.equals(html1)).toBe(true);
});
