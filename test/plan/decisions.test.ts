import { InputError } from '../../src/errors.js';
import { buildPlan } from '../../src/plan/build.js';
import { resolveSteps } from '../../src/plan/decisions.js';
import type { Decision, DecisionsFile, RemediationPlan } from '../../src/plan/types.js';
import { ADMINS, MEMBERS, app, claim } from './records.js';

// A: Group (runs as is), B: Individual without members (needs a decision), C: unknown type,
// D: unknown field type, __proto__: Group.
const plan: RemediationPlan = buildPlan({
  scanId: 's',
  generatedAt: '2026-11-23T10:00:00.000Z',
  targetPlatform: 'sharepoint-se',
  applications: [
    app('A'),
    app('B', { type: 'Individual', members: [] }),
    app('C', { type: 'Strange' }),
    app('D', { fields: [{ name: 'K', isMasked: true, credentialType: 'Retina' }] }),
    app('__proto__'),
  ],
  profileUses: new Map(),
});

const decide = (...decisions: Decision[]): DecisionsFile => ({ schemaVersion: 1, decisions });
const ids = (list: { applicationId: string }[]) => list.map((x) => x.applicationId);
const newMembers = [claim('c:0+.w|s-1-5-21-42')];

describe('resolveSteps', () => {
  test('without decisions: steps that need one are left out and listed, never guessed', () => {
    const result = resolveSteps(plan, null);
    expect(ids(result.runnable.map((r) => r.step))).toEqual(['A', '__proto__']);
    expect(result.runnable[0]).toMatchObject({ decision: null, definition: plan.steps[0].definition });
    expect(ids(result.leftOut)).toEqual(['B', 'C', 'D']);
    expect(result.leftOut[0].reason).toMatch(/needs a decision/);
    expect(result.skipped).toEqual([]);
  });

  test('create supplies members (and optionally administrators); skip skips', () => {
    const admins = [claim('i:0#.w|contoso\\other-admin')];
    const result = resolveSteps(
      plan,
      decide({ applicationId: 'B', action: 'create', members: newMembers, administrators: admins }, { applicationId: 'C', action: 'skip', reason: 'retired' }),
    );
    expect(ids(result.runnable.map((r) => r.step))).toEqual(['A', 'B', '__proto__']);
    const b = result.runnable[1];
    expect(b.definition.members).toEqual(newMembers);
    expect(b.definition.administrators).toEqual(admins);
    expect(b.decision?.action).toBe('create');
    expect(plan.steps[1].definition.members).toEqual([]); // the plan itself is not changed
    expect(result.skipped).toEqual([{ applicationId: 'C', reason: 'retired' }]);
    expect(ids(result.leftOut)).toEqual(['D']);
  });

  test('a create decision keeps the plan administrators when it names none', () => {
    const result = resolveSteps(plan, decide({ applicationId: 'B', action: 'create', members: newMembers }));
    expect(result.runnable[1].definition.administrators).toEqual(ADMINS);
  });

  test('a create decision without members for a step that has none is refused', () => {
    expect(() => resolveSteps(plan, decide({ applicationId: 'A', action: 'skip' }, { applicationId: 'B', action: 'create' }), 'dec.json')).toThrow(
      new InputError('/decisions/1/members: "B" has no members in the plan, so a "create" decision must list them', { file: 'dec.json' }),
    );
  });

  test('create without members is fine when the plan has members', () => {
    const result = resolveSteps(plan, decide({ applicationId: 'C', action: 'create' }));
    expect(result.runnable.find((r) => r.step.applicationId === 'C')?.definition.members).toEqual(MEMBERS);
  });

  test('a decision cannot invent fields: an unknown credential type stays left out', () => {
    const result = resolveSteps(plan, decide({ applicationId: 'D', action: 'create' }));
    expect(result.leftOut.find((n) => n.applicationId === 'D')?.reason).toMatch(/1 field\(s\) have a credential type that is not a SecureStoreCredentialType/);
  });

  test('a decision for an application not in the plan is refused, naming it', () => {
    let error: unknown;
    try {
      resolveSteps(plan, decide({ applicationId: 'Ghost', action: 'skip' }), 'decisions.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('/decisions/0/applicationId: "Ghost" is not an application in the plan');
    expect((error as InputError).file).toBe('decisions.json');
  });

  test('a duplicate decision is refused, naming both', () => {
    expect(() => resolveSteps(plan, decide({ applicationId: '__proto__', action: 'skip' }, { applicationId: '__proto__', action: 'create' }))).toThrow(
      '/decisions/1/applicationId: a second decision for "__proto__" (the first is /decisions/0)',
    );
  });

  test('"constructor" and "toString" are not in the plan, whatever Object.prototype holds', () => {
    expect(() => resolveSteps(plan, decide({ applicationId: 'constructor', action: 'skip' }))).toThrow(/"constructor" is not an application in the plan/);
  });
});
