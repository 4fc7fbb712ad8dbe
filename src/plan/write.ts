// remediation-plan.json on disk: pretty (2 spaces), trailing newline, atomic. Written a step at a time:
// the whole text of a 5,000-application plan is 13 MB, and holding it raised the scan's peak RSS by 55 MB.
import { writeFileAtomic } from '../io/atomic-write.js';
import type { RemediationPlan } from './types.js';

export function planToJson(plan: RemediationPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

const BATCH = 64 * 1024;

/** planToJson's text in pieces of about 64 KiB. */
export function* planJsonChunks(plan: RemediationPlan): Generator<string> {
  const keys = Object.keys(plan);
  if (plan.steps.length === 0 || keys[keys.length - 1] !== 'steps') {
    yield planToJson(plan);
    return;
  }
  // The head as JSON.stringify writes it, with the steps array opened but not yet filled.
  const head = JSON.stringify({ ...plan, steps: [] }, null, 2);
  let batch = `${head.slice(0, head.length - '[]\n}'.length)}[\n`;
  const last = plan.steps.length - 1;
  for (let index = 0; index <= last; index++) {
    // Nested two levels deep: each line of the step moves right by four spaces (JSON strings hold no raw newline).
    batch += `    ${JSON.stringify(plan.steps[index], null, 2).replace(/\n/g, '\n    ')}${index < last ? ',' : ''}\n`;
    if (batch.length >= BATCH) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}  ]\n}\n`;
}

export async function writePlan(file: string, plan: RemediationPlan): Promise<void> {
  await writeFileAtomic(file, planJsonChunks(plan));
}
