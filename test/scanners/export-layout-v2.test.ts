// What exporter 2.0 writes that 1.0 did not: one SiteCollections/<database>.xml per content database, with
// ContentDatabase and ContentDatabaseReadOnly on each site, and every *SsoApplicationId of a LobSystem and
// its instances (samples/Export-FarmInventory.ps1).
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readCsv } from '../helpers/csv.js';
import { b, customObject, exporterApp, list, nil, objs, profileMapping, s, tempDir, writeClixml } from '../helpers/clixml.js';

const site = (id: string, url: string, database: string, databaseReadOnly: boolean, readLocked: boolean, lockIssue: string | null) =>
  customObject(
    `<G N="Id">${id}</G>` +
      s('Url', url) +
      b('ReadLocked', readLocked) +
      b('WriteLocked', databaseReadOnly) +
      b('ReadOnly', databaseReadOnly) +
      (lockIssue === null ? nil('LockIssue') : s('LockIssue', lockIssue)) +
      s('ContentDatabase', database) +
      b('ContentDatabaseReadOnly', databaseReadOnly),
  );

const ssoId = (property: string, source: string, id: string) => customObject(s('Property', property) + s('Source', source) + s('ApplicationId', id));

test('sites of several content database files are all read; a read-only database is named as the reason', async () => {
  const dir = await tempDir();
  await mkdir(path.join(dir, 'SiteCollections'));
  await writeClixml(path.join(dir, 'SiteCollections', 'WSS_Content_A.xml'), objs(site('10000000-0000-4000-8000-000000000001', 'https://a/sites/one', 'WSS_Content_A', false, false, null)), 'utf16le');
  await writeClixml(
    path.join(dir, 'SiteCollections', 'WSS_Content_Records.xml'),
    objs(
      site('20000000-0000-4000-8000-000000000001', 'https://a/sites/records', 'WSS_Content_Records', true, false, null) +
        site('20000000-0000-4000-8000-000000000002', 'https://a/sites/sealed', 'WSS_Content_Records', true, true, 'Sealed'),
    ),
    'utf16le',
  );
  const out = path.join(dir, 'out');
  const run = await runCli(['scan', dir, '--out', out, '--scan-id', 'V2', '--quiet']);
  expect(run.code).toBe(0);
  const locks = await readCsv(path.join(out, 'ScannerReports', 'SiteLocks-detail.csv'));
  const byUrl = new Map(locks.rows.slice(1).map((r) => [r[1], r]));
  expect([...byUrl.keys()].sort()).toEqual(['https://a/sites/records', 'https://a/sites/sealed']);
  expect(byUrl.get('https://a/sites/records')!.slice(0, 3)).toEqual(['20000000-0000-4000-8000-000000000001', 'https://a/sites/records', 'ReadOnly']);
  expect(byUrl.get('https://a/sites/records')![4]).toMatch(/^Read-only because its content database 'WSS_Content_Records' is read-only/);
  // No Access wins over the database: the site is read-locked whatever the database.
  expect(byUrl.get('https://a/sites/sealed')!.slice(2, 5)).toEqual(['NoAccess', 'Sealed', expect.stringMatching(/^Skipped by every scan/)]);
  const summary = await readCsv(path.join(out, 'SummaryReport.csv'));
  expect(summary.rows.find((r) => r[1] === 'RecordsRead')?.[3]).toBe('3');
});

test('an application named only by WebServiceSsoApplicationId or a LobSystem\'s WsdlFetchSsoApplicationId relates to the profile', async () => {
  const dir = await tempDir();
  await writeClixml(path.join(dir, 'apps.xml'), objs(exporterApp({ id: 'CrmWeb', type: 'Group' }) + exporterApp({ id: 'WsdlCreds', type: 'Individual' })));
  await writeClixml(
    path.join(dir, 'bcs.xml'),
    objs(
      customObject(
        s('LobSystem', 'CrmService') +
          s('Name', 'CrmServiceInstance') +
          nil('SsoApplicationId') +
          nil('SecondarySsoApplicationId') +
          list('SsoApplicationIds', [ssoId('WsdlFetchSsoApplicationId', 'LobSystem', 'WsdlCreds'), ssoId('WebServiceSsoApplicationId', 'LobSystemInstance', 'CrmWeb')]),
      ),
    ),
  );
  await writeClixml(path.join(dir, 'profiles.xml'), objs(profileMapping('CRM Contacts', 'CrmAccountManager', 'CrmServiceInstance')));
  const out = path.join(dir, 'out');
  const run = await runCli(['scan', dir, '--out', out, '--scan-id', 'V2', '--quiet']);
  expect(run.code).toBe(0);
  const plan = JSON.parse(await readFile(path.join(out, 'remediation-plan.json'), 'utf8')) as {
    steps: Array<{ applicationId: string; usedByProfileMappings: Array<{ propertyName: string; lobSystemInstance: string }> }>;
  };
  const used = Object.fromEntries(plan.steps.map((step) => [step.applicationId, step.usedByProfileMappings.map((u) => `${u.propertyName}@${u.lobSystemInstance}`)]));
  expect(used).toEqual({ CrmWeb: ['CrmAccountManager@CrmServiceInstance'], WsdlCreds: ['CrmAccountManager@CrmServiceInstance'] });
});
