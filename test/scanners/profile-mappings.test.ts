import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readCsv } from '../helpers/csv.js';
import { customObject, exporterApp, nil, objs, profileMapping, s, tempDir, writeClixml } from '../helpers/clixml.js';

const mapping = (connection: string, type: string, property: string, instance: string | null) => profileMapping(connection, property, instance, type);

test('SMAT columns, and the application → LobSystemInstance → connection → properties chain', async () => {
  const dir = await tempDir();
  await writeClixml(path.join(dir, 'apps.xml'), objs(exporterApp({ id: 'HRPayrollDB', type: 'Group' }) + exporterApp({ id: 'Unused', type: 'Group' })), 'utf16le');
  await writeClixml(
    path.join(dir, 'bcs.xml'),
    objs(
      customObject(s('LobSystem', 'HR') + s('Name', 'HRSystemInstance') + s('SsoApplicationId', 'HRPayrollDB') + nil('SecondarySsoApplicationId')) +
        customObject(s('LobSystem', 'Ghost') + s('Name', 'GhostInstance') + s('SsoApplicationId', 'NotExported') + nil('SecondarySsoApplicationId')),
    ),
  );
  await writeClixml(
    path.join(dir, 'profiles.xml'),
    objs(
      mapping('Contoso AD', 'ActiveDirectory', 'SPS-PhoneticFirstName', null) +
        mapping('Contoso AD', 'ActiveDirectory', 'Department', null) +
        mapping('HR Employee Data', 'BusinessDataCatalog', 'EmployeeID', 'HRSystemInstance') +
        mapping('HR Employee Data', 'BusinessDataCatalog', 'CostCenter', 'HRSystemInstance'),
    ),
    'utf16le',
  );
  const out = path.join(dir, 'out');
  const run = await runCli(['scan', dir, '--out', out, '--scan-id', 'P', '--json', '--quiet']);
  const summary = JSON.parse(run.stdout);
  expect(summary.findings).toMatchObject({ 'profile-mappings/usedByProfile': 1, 'profile-mappings/noise': 1, 'profile-mappings/mapping': 3, 'profile-mappings/missingApplication': 1 });
  const csv = await readCsv(path.join(out, 'ScannerReports', 'CustomProfilePropertyMappings-detail.csv'));
  expect(csv.rows[0]).toEqual(['ConnectionName', 'ConnectionType', 'PropertyName', 'PropertyDisplayName', 'PropertyMapping', 'Direction', 'PropertyLength', 'PropertyUsage', 'ScanID']);
  expect(csv.rows.map((r) => r[2])).toEqual(['PropertyName', 'SPS-PhoneticFirstName', 'Department', 'EmployeeID', 'CostCenter']);
  expect(csv.rows[3]).toEqual(['HR Employee Data', 'BusinessDataCatalog', 'EmployeeID', 'EmployeeID', 'employeeid', 'Import', '50', '10', 'P']);
});
