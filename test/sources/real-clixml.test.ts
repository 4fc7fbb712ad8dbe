// The reader on real Export-Clixml output: files the exporter wrote under pwsh against the simulated farm
// (test/fixtures/clixml/regenerate.ps1), UTF-8 as PowerShell 7 writes and UTF-16 LE as Windows PowerShell 5.1
// does. Both must give the same records, and these records must hold the farm's values.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportInfoRecord, FarmRecord, LobSystemInstanceRecord, ProfilePropertyMappingRecord, SecureStoreApplicationRecord, SiteCollectionRecord } from '../../src/model.js';
import { readExportFile } from '../../src/sources/read-export-file.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'clixml');
const FILES = ['BcsLobSystemInstances.xml', 'ExportInfo.xml', 'ProfilePropertyMappings.xml', 'SecureStoreApplications.xml', 'SiteCollections/WSS_Content_Records.xml'];

async function readFolder(encoding: 'utf8' | 'utf16') {
  const records: FarmRecord[] = [];
  const results = [];
  for (const name of FILES) {
    const result = await readExportFile(path.join(fixtures, encoding, name), name, (r) => records.push(r));
    results.push({ name, ...result });
  }
  const of = <K extends FarmRecord['kind']>(kind: K) => records.filter((r): r is Extract<FarmRecord, { kind: K }> => r.kind === kind);
  return { records, results, of };
}

test('UTF-8 and UTF-16 files give the same records, every object recognised', async () => {
  const utf8 = await readFolder('utf8');
  const utf16 = await readFolder('utf16');
  expect(utf8.results.map((r) => [r.name, r.encoding, r.objects, r.unrecognized])).toEqual([
    ['BcsLobSystemInstances.xml', 'utf-8', 4, 0],
    ['ExportInfo.xml', 'utf-8', 1, 0],
    ['ProfilePropertyMappings.xml', 'utf-8', 8, 0],
    ['SecureStoreApplications.xml', 'utf-8', 7, 0],
    ['SiteCollections/WSS_Content_Records.xml', 'utf-8', 2, 0],
  ]);
  expect(utf16.results.map((r) => r.encoding)).toEqual(Array(FILES.length).fill('utf-16le'));
  expect(utf16.records).toEqual(utf8.records);
});

test('the farm\'s values come through the real serializer', async () => {
  const { of } = await readFolder('utf16');
  const apps = new Map(of('secureStoreApplication').map((a: SecureStoreApplicationRecord) => [a.applicationId, a]));
  expect([...apps.keys()]).toEqual(['HRPayrollDB', 'SAPConnector', 'PartnerPortal', 'LegacyERP', 'CrmWeb', 'WsdlCreds', 'DeptReports']);
  expect(apps.get('LegacyERP')).toMatchObject({ friendlyName: 'Legacy ERP\nticketing', type: 'IndividualWithTicketing', ticketTimeout: 30, credentialManagementUrl: 'https://erp.fabrikam.test/setcredentials' });
  expect(apps.get('SAPConnector')!.friendlyName).toBe('SAP Orders (Wrocław)');
  expect(apps.get('PartnerPortal')).toMatchObject({ contactEmail: null, credentialManagementUrl: null, members: [] });
  expect(apps.get('SAPConnector')!.fields).toEqual([
    { name: 'User Name', isMasked: false, credentialType: 'UserName' },
    { name: 'Password', isMasked: true, credentialType: 'Password' },
    { name: 'Client', isMasked: false, credentialType: 'Generic' },
  ]);
  expect(apps.get('CrmWeb')!.members).toEqual([
    { claimType: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid', claimIssuer: 'AD AUTHORITY', claimValue: 'S-1-5-21-1004336348-1177238915-682003330-1109', encodedClaim: 'c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1109' },
    { claimType: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role', claimIssuer: 'TrustedProvider:adfs', claimValue: 'CRM Operators', encodedClaim: 'c:0-.t|adfs|CRM Operators' },
  ]);
  expect(apps.get('DeptReports')!.administrators[0]).toMatchObject({ claimValue: 'Dept Admins', encodedClaim: null });

  expect(of('siteCollection').map((s: SiteCollectionRecord) => [s.id, s.url, s.readLocked, s.writeLocked, s.readOnly, s.lockIssue, s.contentDatabase, s.contentDatabaseReadOnly])).toEqual([
    ['2f000000-0000-4000-8000-000000000001', 'https://intranet.fabrikam.test/sites/records-2020', false, true, true, null, 'WSS_Content_Records', true],
    ['2f000000-0000-4000-8000-000000000002', 'https://intranet.fabrikam.test/sites/records-2021', true, true, true, 'Sealed by the records office', 'WSS_Content_Records', true],
  ]);

  expect(of('lobSystemInstance').map((i: LobSystemInstanceRecord) => [i.name, i.ssoApplicationId, i.secondarySsoApplicationId, i.ssoApplicationIds])).toEqual([
    ['HRSystemInstance', 'HRPayrollDB', null, ['HRPayrollDB']],
    ['SAPOrdersInstance', 'SAPConnector', 'LegacyERP', ['SAPConnector', 'LegacyERP']],
    ['CrmServiceInstance', null, null, ['WsdlCreds', 'CrmWeb']],
    ['ProductCatalogInstance', null, null, []],
  ]);

  const mappings = of('profilePropertyMapping');
  expect(mappings).toHaveLength(8);
  expect(mappings.find((m: ProfilePropertyMappingRecord) => m.propertyName === 'CrmAccountManager')).toMatchObject({ connectionType: 'BusinessDataCatalog', lobSystem: 'CrmService', lobSystemInstance: 'CrmServiceInstance', propertyLength: 100, propertyUsage: null });

  const [info] = of('exportInfo') as ExportInfoRecord[];
  expect(info.exporterVersion).toBe('2.0.0');
  expect(info.warnings.map((w) => w.slice(0, 40))).toEqual([
    "DeptReports: claim 'Dept Admins' could n",
    "Connection 'Fabrikam AD Import' (ActiveD",
    "Content database 'WSS_Content_Records' i",
    "Content database 'WSS_Content_Old' is Of",
  ]);
});
