import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError, UsageError } from '../../src/errors.js';
import { buildPlan } from '../../src/plan/build.js';
import { writePlan } from '../../src/plan/write.js';
import { runScriptCommand } from '../../src/script/command.js';
import { app } from '../plan/records.js';
import { testIO } from './io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'farmscan-script-'));
  const plan = buildPlan({
    scanId: 'scan-1',
    generatedAt: '2026-11-23T10:00:00.000Z',
    targetPlatform: 'sharepoint-se',
    applications: [app('A'), app('B', { type: 'Individual', members: [] }), app('C', { type: 'RestrictedGroup' })],
    profileUses: new Map(),
  });
  await writePlan(path.join(dir, 'remediation-plan.json'), plan);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runScriptCommand', () => {
  test('default output in cwd; exit 3 and a one-line report when a step lacks a decision', async () => {
    const io = testIO(dir);
    expect(await runScriptCommand({ planPath: 'remediation-plan.json' }, io)).toBe(3);
    expect(io.err()).toBe(
      'farmscan: wrote remediation.ps1: 2 application(s) to create, 0 skipped by decision, 1 left out ("B": see docs/decisions.md)\n' +
        'farmscan:   "B": needs a decision (see the step\'s reasons in the plan) and decisions.json has none\n',
    );
    expect(io.out()).toBe('');
    const bytes = await readFile(path.join(dir, 'remediation.ps1'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain("$appId = 'C'");
    // Nothing else left behind (the write is temp + rename).
    expect((await readdir(dir)).sort()).toEqual(['remediation-plan.json', 'remediation.ps1']);
  });

  test('with decisions settling every step: exit 0, --out honoured', async () => {
    await writeFile(
      path.join(dir, 'decisions.json'),
      JSON.stringify({ schemaVersion: 1, decisions: [{ applicationId: 'B', action: 'create', members: [{ encodedClaim: 'c:0+.w|s-1-5-21-5' }] }] }),
    );
    const io = testIO(dir);
    const code = await runScriptCommand({ planPath: 'remediation-plan.json', decisionsPath: 'decisions.json', outPath: 'out/fix.ps1' }, io);
    expect(code).toBe(0);
    expect(io.err()).toBe('farmscan: wrote out/fix.ps1: 3 application(s) to create, 0 skipped by decision, 0 left out\n');
    expect(await readFile(path.join(dir, 'out/fix.ps1'), 'utf8')).toContain("(New-SPClaimsPrincipal -EncodedClaim 'c:0+.w|s-1-5-21-5')");
  });

  test('a skip decision is counted as skipped, not left out', async () => {
    await writeFile(path.join(dir, 'd.json'), JSON.stringify({ schemaVersion: 1, decisions: [{ applicationId: 'B', action: 'skip' }] }));
    const io = testIO(dir);
    expect(await runScriptCommand({ planPath: 'remediation-plan.json', decisionsPath: 'd.json' }, io)).toBe(0);
    expect(io.err()).toMatch(/2 application\(s\) to create, 1 skipped by decision, 0 left out/);
  });

  test('user errors are typed and nothing is written', async () => {
    await writeFile(path.join(dir, 'd.json'), JSON.stringify({ schemaVersion: 1, decisions: [{ applicationId: 'Ghost', action: 'skip' }] }));
    const refused = runScriptCommand({ planPath: 'remediation-plan.json', decisionsPath: 'd.json' }, testIO(dir));
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toMatchObject({ file: 'd.json', message: '/decisions/0/applicationId: "Ghost" is not an application in the plan' });
    await expect(runScriptCommand({ planPath: 'missing.json' }, testIO(dir))).rejects.toThrow(UsageError);
    await writeFile(path.join(dir, 'broken.json'), '{"schemaVersion": 1,');
    await expect(runScriptCommand({ planPath: 'broken.json' }, testIO(dir))).rejects.toMatchObject({ file: 'broken.json', line: 1, column: 21 });
    expect(await readdir(dir)).not.toContain('remediation.ps1');
    await expect(runScriptCommand({ planPath: 'remediation-plan.json', outPath: '.' }, testIO(dir))).rejects.toThrow(
      new UsageError('.: cannot write the script there (EISDIR)'),
    );
  });
});
