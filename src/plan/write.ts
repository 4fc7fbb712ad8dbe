// remediation-plan.json on disk: pretty (2 spaces), trailing newline, atomic. Written a step at a time:
// the whole text of a 5,000-application plan is 13 MB, and holding it raised the scan's peak RSS by 55 MB;
// the steps themselves can be built as they are written.
import { writeFileAtomic } from '../io/atomic-write.js';
import type { PlanStep, RemediationPlan } from './types.js';

export function planToJson(plan: RemediationPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** `[\n  [\n` and `\n  ]\n]` around a step nested two levels deep. */
const NESTED_OPEN = 6;
const NESTED_CLOSE = 6;

/** A plan as written: its steps may be produced one at a time (planSteps), and always come last. */
export type PlanToWrite = Omit<RemediationPlan, 'steps'> & { steps: Iterable<PlanStep> };

/** planToJson's text in pieces, a step's text at a time; steps are pulled one at a time. */
export function* planJsonChunks(plan: PlanToWrite): Generator<string> {
  const { steps, ...head } = plan;
  // The head as JSON.stringify writes it, then the steps array filled in place of its empty one.
  const headText = JSON.stringify({ ...head, steps: [] }, null, 2);
  const iterator = steps[Symbol.iterator]();
  let next = iterator.next();
  if (next.done) {
    yield `${headText}\n`;
    return;
  }
  // Each step's text is its own chunk (the writer gathers them into 1 MiB writes): a batch built with +=
  // is a rope of thousands of pieces that Buffer#write encodes about ten times slower than flat strings.
  yield `${headText.slice(0, headText.length - '[]\n}'.length)}[\n`;
  while (!next.done) {
    const step = next.value;
    next = iterator.next();
    // Nested two levels deep, as JSON.stringify indents it inside `[[step]]`: that text without its brackets.
    const nested = JSON.stringify([[step]], null, 2);
    yield nested.slice(NESTED_OPEN, nested.length - NESTED_CLOSE);
    yield next.done ? '\n' : ',\n';
  }
  yield '  ]\n}\n';
}

export async function writePlan(file: string, plan: PlanToWrite): Promise<void> {
  await writeFileAtomic(file, planJsonChunks(plan));
}
