// The whole path for a small fixed plan: records → plan file → decisions → runScriptCommand → .ps1,
// compared with test/script/__golden__/remediation.ps1. Regenerate after an intended change with
//   UPDATE_GOLDEN=1 NODE_OPTIONS=--experimental-vm-modules npx jest test/script/golden
// and read the diff as an operator would before committing it.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildPlan } from '../../src/plan/build.js';
import { writePlan } from '../../src/plan/write.js';
import { runScriptCommand } from '../../src/script/command.js';
import { app, claim } from '../plan/records.js';
import { testIO } from './io.js';

const GOLDEN = new URL('./__golden__/remediation.ps1', import.meta.url);
const GROUP_SID = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid';

const applications = [
  app('HR-Payroll', { friendlyName: 'HR Payroll (SAP)', contactEmail: 'hr-it@contoso.com', type: 'Group' }),
  app('CRM-Reports', {
    friendlyName: "O'Brien's CRM reports",
    type: 'GroupWithTicketing',
    ticketTimeout: 30,
    fields: [
      { name: 'User', isMasked: false, credentialType: 'UserName' },
      { name: 'Password', isMasked: true, credentialType: 'Password' },
      { name: 'PIN', isMasked: true, credentialType: 'Pin' },
    ],
  }),
  app('Pe\u00f1a-Finance', {
    friendlyName: 'Finanzas Pe\u00f1a \u20ac',
    type: 'RestrictedGroup',
    administrators: [],
    members: [claim(null, 'S-1-5-21-1004336348-1177238915-682003330-513', GROUP_SID, 'Windows')],
  }),
  app('Legacy-Timesheets', { type: 'Individual', members: [] }),
  app('Old-Ticketing', { type: 'IndividualWithTicketing', members: [] }),
];

test('golden remediation.ps1', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'farmscan-golden-'));
  try {
    const plan = buildPlan({
      scanId: '00000000-0000-4000-8000-000000000001',
      generatedAt: '2026-11-23T10:00:00.000Z',
      targetPlatform: 'sharepoint-se',
      applications,
      profileUses: new Map([['HR-Payroll', [{ connectionName: 'HR BCS', propertyName: 'CostCenter', lobSystemInstance: 'HRDB' }]]]),
    });
    await writePlan(path.join(dir, 'remediation-plan.json'), plan);
    await writeFile(
      path.join(dir, 'decisions.json'),
      JSON.stringify({
        schemaVersion: 1,
        decisions: [
          { applicationId: 'Legacy-Timesheets', action: 'create', members: [{ encodedClaim: 'c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1120' }] },
          { applicationId: 'Old-Ticketing', action: 'skip', reason: 'retired with the old ticketing system' },
        ],
      }),
    );
    const io = testIO(dir);
    expect(await runScriptCommand({ planPath: 'remediation-plan.json', decisionsPath: 'decisions.json' }, io)).toBe(0);
    const actual = await readFile(path.join(dir, 'remediation.ps1'));
    if (process.env.UPDATE_GOLDEN === '1') await writeFile(GOLDEN, actual);
    // Compared without line ends, so a checkout that rewrites them still passes; the CRLF and BOM
    // contract itself is checked on the fresh output.
    const normalise = (bytes: Buffer) => bytes.toString('utf8').replace(/\r\n/g, '\n');
    expect(normalise(actual)).toBe(normalise(await readFile(GOLDEN)));
    expect(actual.subarray(0, 3).toString('hex')).toBe('efbbbf');
    expect(actual.toString('utf8').split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
