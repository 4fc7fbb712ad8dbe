import { buildPlan } from '../../src/plan/build.js';
import type { ProfileMappingUse, RemediationPlan, TargetPlatform } from '../../src/plan/types.js';
import { firstSchemaProblem } from '../../src/plan/validate.js';
import type { SecureStoreApplicationRecord } from '../../src/model.js';
import { app, claim } from './records.js';

function plan(
  applications: SecureStoreApplicationRecord[],
  targetPlatform: TargetPlatform = 'sharepoint-se',
  profileUses = new Map<string, ProfileMappingUse[]>(),
): RemediationPlan {
  return buildPlan({ scanId: 'scan-1', generatedAt: '2026-11-23T10:00:00.000Z', targetPlatform, applications, profileUses });
}

function only(p: RemediationPlan) {
  expect(p.steps).toHaveLength(1);
  return p.steps[0];
}

describe('buildPlan: classification of every source type', () => {
  test.each([
    ['RestrictedGroup', 'compatible', false, false, null],
    ['Group', 'convert', false, false, null],
    ['GroupWithTicketing', 'convert', false, false, 10],
    ['Individual', 'redesign', true, true, null],
    ['RestrictedIndividual', 'redesign', true, true, null],
    ['IndividualWithTicketing', 'redesign', true, true, 10],
    ['Gruop', 'unknown', true, false, null],
    [null, 'unknown', true, false, null],
  ] as const)('%s → %s', (type, classification, needsDecision, individualMappings, ticketTimeout) => {
    const step = only(plan([app('App', { type })]));
    expect(step).toMatchObject({
      applicationId: 'App',
      sourceType: type,
      targetType: 'RestrictedGroup',
      classification,
      needsDecision,
      dropped: { ticketTimeout, individualMappings, ticketRedeemers: [] },
    });
    expect(step.definition.type).toBe('RestrictedGroup');
    expect(step.reasons.length).toBeGreaterThan(0);
    if (type === 'RestrictedGroup') expect(step.changes).toEqual([]);
    else expect(step.changes[0]).toBe(`type ${type ?? '(none)'} → RestrictedGroup`);
  });

  test('ticketing types: time-out and ticket redeemers dropped and said so', () => {
    const redeemer = claim('c:0+.w|s-1-5-21-9');
    const step = only(plan([app('T', { type: 'GroupWithTicketing', ticketTimeout: 45, ticketRedeemers: [redeemer] })]));
    expect(step.dropped).toEqual({ ticketTimeout: 45, individualMappings: false, ticketRedeemers: [redeemer] });
    expect(step.changes).toEqual(['type GroupWithTicketing → RestrictedGroup', 'ticket time-out of 45 minutes dropped', '1 ticket redeemer claim(s) dropped']);
    expect(step.reasons.join(' ')).toMatch(/ticket time-out and ticket redeemers are dropped/);
  });

  test('individual types say the individual mappings go', () => {
    const step = only(plan([app('I', { type: 'Individual', members: [] })]));
    expect(step.changes).toContain('individual credential mappings replaced by one group credential set');
    expect(step.reasons.join(' ')).toMatch(/one shared account/);
  });

  test('m365: every application is redesign, with the BCS retirement as reason', () => {
    const p = plan([app('A', { type: 'RestrictedGroup' }), app('B', { type: 'Group' })], 'm365');
    expect(p.targetPlatform).toBe('m365');
    for (const step of p.steps) {
      expect(step.classification).toBe('redesign');
      expect(step.needsDecision).toBe(true);
      expect(step.reasons[0]).toMatch(/Business Connectivity Services was retired/);
    }
  });

  test('an unknown type stays unknown on m365 (an error, never folded into redesign)', () => {
    expect(only(plan([app('X', { type: 'Mystery' })], 'm365')).classification).toBe('unknown');
  });
});

describe('buildPlan: definition', () => {
  test('name, fields, administrators and members come from the record; name falls back to the id', () => {
    const step = only(plan([app('HR-Payroll', { name: null, friendlyName: 'HR Payroll', credentialManagementUrl: 'https://x/set' })]));
    expect(step.definition).toEqual({
      applicationId: 'HR-Payroll',
      name: 'HR-Payroll',
      friendlyName: 'HR Payroll',
      contactEmail: 'sp-admin@contoso.com',
      credentialManagementUrl: 'https://x/set',
      type: 'RestrictedGroup',
      fields: [
        { name: 'Windows User Name', type: 'WindowsUserName', masked: false },
        { name: 'Windows Password', type: 'WindowsPassword', masked: true },
      ],
      administrators: [claim('i:0#.w|contoso\\sp-admin')],
      members: [claim('c:0+.w|s-1-5-21-1004336348-1177238915-682003330-1104')],
    });
    expect(step.source).toEqual({ file: 'export/SecureStore.xml', line: 10 });
  });

  test('an unknown credential type makes the step need a decision, with a reason naming the field', () => {
    const step = only(
      plan([app('A', { type: 'RestrictedGroup', fields: [{ name: 'Token', isMasked: true, credentialType: 'Password); Start-Process calc' }] })]),
    );
    expect(step.classification).toBe('compatible');
    expect(step.needsDecision).toBe(true);
    expect(step.reasons.join(' ')).toMatch(/Field "Token" has credential type "Password\); Start-Process calc", which is not one of/);
  });

  test('no field list in the export → needs a decision', () => {
    const step = only(plan([app('A', { fields: null })]));
    expect(step.needsDecision).toBe(true);
    expect(step.definition.fields).toEqual([]);
    expect(step.reasons.join(' ')).toMatch(/no field list/);
  });

  test('a group application without members needs a decision', () => {
    const step = only(plan([app('A', { members: [] })]));
    expect(step.needsDecision).toBe(true);
    expect(step.reasons.join(' ')).toMatch(/no members/);
  });

  test('profile mappings that use the application are listed and flagged', () => {
    const uses = new Map([
      ['A', [
        { connectionName: 'HR BCS', propertyName: 'Salary', lobSystemInstance: 'HRDB' },
        { connectionName: 'HR BCS', propertyName: 'CostCenter', lobSystemInstance: 'HRDB' },
      ]],
    ]);
    const p = plan([app('A'), app('B')], 'sharepoint-se', uses);
    expect(p.steps[0].usedByProfileMappings.map((u) => u.propertyName)).toEqual(['CostCenter', 'Salary']);
    expect(p.steps[0].reasons.at(-1)).toMatch(/^Used by 2 user-profile property mapping\(s\)/);
    expect(p.steps[1].usedByProfileMappings).toEqual([]);
    expect(p.steps[1].reasons.join(' ')).not.toMatch(/user-profile/);
  });
});

describe('buildPlan: determinism and duplicates', () => {
  test('steps sorted by application id, ordinal compare; __proto__ is an ordinary id', () => {
    const ids = ['b', 'B', 'Ä', '__proto__', 'a', 'constructor'];
    const uses = new Map([['__proto__', [{ connectionName: 'c', propertyName: 'p', lobSystemInstance: 'l' }]]]);
    const p = plan(ids.map((id) => app(id)), 'sharepoint-se', uses);
    expect(p.steps.map((s) => s.applicationId)).toEqual(['B', '__proto__', 'a', 'b', 'constructor', 'Ä']);
    expect(p.steps[1].usedByProfileMappings).toHaveLength(1);
    expect(Object.getPrototypeOf(p.steps[1])).toBe(Object.prototype);
  });

  test('the same input in another order gives the same plan', () => {
    const records = [app('x', { origin: { file: 'b.xml', line: 1, column: 1 } }), app('y'), app('x', { origin: { file: 'a.xml', line: 5, column: 1 } })];
    expect(JSON.stringify(plan(records))).toBe(JSON.stringify(plan([...records].reverse())));
  });

  test('identical duplicates from two export files collapse into one step', () => {
    const step = only(plan([app('A', { origin: { file: 'b.xml', line: 7, column: 1 } }), app('A', { origin: { file: 'a.xml', line: 3, column: 1 } })]));
    expect(step.needsDecision).toBe(false);
    expect(step.source).toEqual({ file: 'a.xml', line: 3 });
  });

  test('different duplicates: one step, needs a decision, the reason names both files', () => {
    const step = only(
      plan([
        app('A', { origin: { file: 'farm2/ss.xml', line: 7, column: 1 }, friendlyName: 'New name' }),
        app('A', { origin: { file: 'farm1/ss.xml', line: 3, column: 1 } }),
      ]),
    );
    expect(step.needsDecision).toBe(true);
    expect(step.definition.friendlyName).toBe('A (friendly)');
    expect(step.reasons.at(-1)).toMatch(/2 times with different definitions \(farm1\/ss\.xml:3, farm2\/ss\.xml:7\)/);
  });

  test('a built plan satisfies its own schema', () => {
    const p = plan([app('A', { type: 'GroupWithTicketing', ticketRedeemers: [claim(null, 'x')] }), app('B', { fields: null, type: null })]);
    expect(firstSchemaProblem('plan', JSON.parse(JSON.stringify(p)))).toBeNull();
  });
});
