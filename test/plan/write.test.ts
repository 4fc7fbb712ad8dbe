import { buildPlan, planHead, planSteps } from '../../src/plan/build.js';
import type { RemediationPlan } from '../../src/plan/types.js';
import { planJsonChunks, planToJson } from '../../src/plan/write.js';
import { app } from './records.js';

function plan(count: number): RemediationPlan {
  return buildPlan(input(count));
}

function input(count: number): Parameters<typeof buildPlan>[0] {
  return {
    scanId: 'scan-1',
    generatedAt: '2026-11-23T10:00:00.000Z',
    targetPlatform: 'sharepoint-se',
    // Ids with quotes, a line break, non-Latin text and an astral character: escapes must line up too.
    applications: Array.from({ length: count }, (_, i) =>
      app(`App-${String(i).padStart(5, '0')} "q"\n\u00e9\u4e2d\ud83d\udcca`, { type: (['Individual', 'Group', 'RestrictedGroup'] as const)[i % 3] }),
    ),
    profileUses: new Map(),
  };
}

describe('planJsonChunks', () => {
  test.each([0, 1, 3, 400])('%i steps: the pieces join to exactly JSON.stringify(plan, null, 2) and a newline', (count) => {
    const built = plan(count);
    const chunks = [...planJsonChunks(built)];
    expect(chunks.join('')).toBe(planToJson(built));
    if (count === 400) {
      expect(chunks.length).toBeGreaterThan(2); // streamed, not one string
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(80 * 1024);
    }
  });

  test.each([0, 1, 400])('%i steps built one at a time as they are written: the same text as the built plan', (count) => {
    const lazy = { ...planHead(input(count)), steps: planSteps(input(count)) };
    expect([...planJsonChunks(lazy)].join('')).toBe(planToJson(plan(count)));
  });

  test('with incompleteScan before the steps, as a scan that met bad input writes it', () => {
    const { steps, ...head } = plan(5);
    const withWarning = { ...head, incompleteScan: { scanErrors: 2, failedFiles: ['Bad.xml'] }, steps } as RemediationPlan;
    expect([...planJsonChunks(withWarning)].join('')).toBe(planToJson(withWarning));
  });
});
