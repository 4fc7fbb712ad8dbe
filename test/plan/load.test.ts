import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError, UsageError, renderUserError } from '../../src/errors.js';
import { buildPlan } from '../../src/plan/build.js';
import { loadDecisions, loadPlan } from '../../src/plan/load.js';
import type { RemediationPlan } from '../../src/plan/types.js';
import { writePlan } from '../../src/plan/write.js';
import { app } from './records.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'farmscan-plan-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function samplePlan(): RemediationPlan {
  return buildPlan({
    scanId: 'scan-1',
    generatedAt: '2026-11-23T10:00:00.000Z',
    targetPlatform: 'sharepoint-se',
    applications: [app('A'), app('B', { type: 'Individual' }), app('C', { type: 'RestrictedGroup' })],
    profileUses: new Map(),
  });
}

/** The InputError (or UsageError) a promise rejects with, rendered the way the CLI prints it. */
async function failure(promise: Promise<unknown>): Promise<{ error: InputError | UsageError; line: string }> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof InputError || error instanceof UsageError)) throw error;
  return { error, line: renderUserError(error) };
}

describe('writePlan / loadPlan', () => {
  test('round trip; pretty JSON with 2 spaces and a trailing newline', async () => {
    const file = path.join(dir, 'remediation-plan.json');
    const plan = samplePlan();
    await writePlan(file, plan);
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
    expect(await loadPlan(file)).toEqual(plan);
  });

  test('a relative path is resolved against cwd and named as given; a UTF-8 BOM is accepted', async () => {
    await writeFile(path.join(dir, 'p.json'), `\uFEFF${JSON.stringify(samplePlan())}`);
    expect((await loadPlan('p.json', { cwd: dir })).steps).toHaveLength(3);
  });

  test('a wrong property: file, JSON path, what was expected, and its line and column', async () => {
    const plan = samplePlan() as unknown as { steps: { targetType: string }[] };
    plan.steps[2].targetType = 'Group';
    const text = JSON.stringify(plan, null, 2);
    await writeFile(path.join(dir, 'plan.json'), text);
    const { error, line } = await failure(loadPlan('plan.json', { cwd: dir }));
    expect(error).toBeInstanceOf(InputError);
    const lines = text.split('\n');
    const row = lines.findIndex((l, i) => l.includes('"targetType": "Group"') && i > 0) + 1;
    expect(line).toBe(`farmscan: plan.json:${row}:7: /steps/2/targetType: must be "RestrictedGroup"`);
  });

  test.each([
    ['a missing property', (p: any) => delete p.steps[0].definition.fields, '/steps/0/definition/fields: is missing'],
    ['an unexpected property', (p: any) => (p.steps[1].credentials = { password: 'x' }), '/steps/1/credentials: is not an allowed property here'],
    ['a wrong enum', (p: any) => (p.steps[0].classification = 'fine'), '/steps/0/classification: must be one of "compatible", "convert", "redesign", "unknown"'],
    ['a wrong type', (p: any) => (p.steps[0].needsDecision = 'yes'), '/steps/0/needsDecision: must be true or false'],
    ['a nullable type', (p: any) => (p.steps[0].definition.members[0].claimValue = 5), '/steps/0/definition/members/0/claimValue: must be a string or null'],
    ['an empty id', (p: any) => (p.steps[0].applicationId = ''), '/steps/0/applicationId: must not be empty'],
    ['a duplicate step', (p: any) => (p.steps[2] = p.steps[0]), '/steps/2/applicationId: duplicates /steps/0/applicationId'],
    ['a mismatched definition id', (p: any) => (p.steps[1].definition.applicationId = 'Z'), "/steps/1/definition/applicationId: must equal the step's applicationId"],
    ['a root that is not an object', () => [], '/: must be an object'],
  ])('%s is named with its path', async (_what, edit, expected) => {
    const plan = samplePlan();
    const edited = edit(plan as any) ?? plan;
    await writeFile(path.join(dir, 'plan.json'), JSON.stringify(Array.isArray(edited) ? edited : plan, null, 2));
    const { error } = await failure(loadPlan(path.join(dir, 'plan.json')));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message.startsWith(expected)).toBe(true);
    expect((error as InputError).line).toBeGreaterThan(0);
  });

  test('an unsupported schemaVersion is said clearly', async () => {
    await writeFile(path.join(dir, 'plan.json'), JSON.stringify({ ...samplePlan(), schemaVersion: 2, newThing: true }));
    const { line } = await failure(loadPlan('plan.json', { cwd: dir }));
    expect(line).toMatch(/^farmscan: plan\.json:1:\d+: \/schemaVersion: unsupported remediation plan schemaVersion 2: this farmscan reads schemaVersion 1/);
  });

  test('a JSON syntax error gives its line and column', async () => {
    await writeFile(path.join(dir, 'plan.json'), '{\n  "schemaVersion": 1,\n  "steps": [\n    {"a": 1,}\n  ]\n}\n');
    const { error, line } = await failure(loadPlan('plan.json', { cwd: dir }));
    expect(error).toMatchObject({ line: 4, column: 13 });
    expect(line).toBe('farmscan: plan.json:4:13: not valid JSON: expected a property name in double quotes, found something else');
  });

  test('invalid UTF-8, a missing file and a folder are one-line user errors', async () => {
    await writeFile(path.join(dir, 'bad.json'), Buffer.from([0x7b, 0xc3, 0x28, 0x7d]));
    expect((await failure(loadPlan('bad.json', { cwd: dir }))).line).toBe('farmscan: bad.json: not valid UTF-8 or UTF-16 text (save it as UTF-8)');
    const missing = await failure(loadPlan('nope.json', { cwd: dir }));
    expect(missing.error).toBeInstanceOf(UsageError);
    expect(missing.line).toBe('farmscan: nope.json: no such file');
    expect((await failure(loadPlan('.', { cwd: dir }))).line).toBe('farmscan: .: is a folder, not a JSON file');
  });
});

describe('loadDecisions', () => {
  test('reads a valid file; hand-written claims get all four properties', async () => {
    const file = path.join(dir, 'decisions.json');
    await writeFile(
      file,
      JSON.stringify({
        schemaVersion: 1,
        decisions: [
          { applicationId: 'B', action: 'create', members: [{ encodedClaim: 'c:0+.w|s-1-5-21-7' }], reason: 'one service account' },
          { applicationId: 'C', action: 'skip' },
        ],
      }),
    );
    const decisions = await loadDecisions(file);
    expect(decisions.decisions[0].members).toEqual([{ claimType: null, claimIssuer: null, claimValue: null, encodedClaim: 'c:0+.w|s-1-5-21-7' }]);
    expect(decisions.decisions[1]).toEqual({ applicationId: 'C', action: 'skip' });
  });

  test.each([
    [{ schemaVersion: 1, decisions: [{ applicationId: 'B', action: 'delete' }] }, '/decisions/0/action: must be one of "create", "skip"'],
    [{ schemaVersion: 1, decisions: [{ applicationId: 'B', action: 'create', member: [] }] }, '/decisions/0/member: is not an allowed property here'],
    [{ schemaVersion: 1, decisions: [{ applicationId: 'B', action: 'create', members: [] }] }, '/decisions/0/members: must have at least 1 item(s)'],
    [{ schemaVersion: 1, decisions: [{ applicationId: 'B', action: 'create', members: [{}] }] }, '/decisions/0/members/0: must have at least 1 property(ies)'],
    [{ schemaVersion: 1, decisions: [{ action: 'skip' }] }, '/decisions/0/applicationId: is missing'],
    [{ schemaVersion: 3, decisions: [] }, '/schemaVersion: unsupported decisions file schemaVersion 3'],
  ])('%j is refused: %s', async (content, expected) => {
    await writeFile(path.join(dir, 'decisions.json'), JSON.stringify(content, null, 2));
    const { error } = await failure(loadDecisions(path.join(dir, 'decisions.json')));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message.startsWith(expected)).toBe(true);
  });
});

test('a credentials file passed as a plan by mistake: the error names the position, never a character of a value', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'farmscan-leak-'));
  await writeFile(path.join(dir, 'c.json'), '{"CRM":{"Password":Sup3rSecret}}');
  const { loadPlan } = await import('../../src/plan/load.js');
  const error = await loadPlan('c.json', { cwd: dir }).catch((e: Error) => e);
  expect(String((error as Error).message)).toMatch(/expected a value/);
  expect(String((error as Error).message)).not.toMatch(/Sup3r|"S"/);
});
