// remediation-plan.json on disk: pretty (2 spaces), trailing newline, atomic.
import { writeFileAtomic } from '../io/atomic-write.js';
import type { RemediationPlan } from './types.js';

export function planToJson(plan: RemediationPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export async function writePlan(file: string, plan: RemediationPlan): Promise<void> {
  await writeFileAtomic(file, planToJson(plan));
}
