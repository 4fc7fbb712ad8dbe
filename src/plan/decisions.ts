// Applies decisions.json to a plan; shared by replay and script so both run exactly the same steps.
// A step that needs a decision and has none is left out and listed, never guessed.
import { InputError } from '../errors.js';
import { CREDENTIAL_TYPES } from '../model.js';
import type { ApplicationDefinition, Decision, DecisionsFile, PlanStep, RemediationPlan } from './types.js';

export interface ResolvedStep {
  step: PlanStep;
  /** What to create: the plan's definition with the decision's members/administrators applied. */
  definition: ApplicationDefinition;
  decision: Decision | null;
}

export interface StepNote {
  applicationId: string;
  reason: string;
}

export interface ResolvedSteps {
  /** In plan order. */
  runnable: ResolvedStep[];
  /** Needs a decision and has none, or cannot be created as it stands (no fields, unknown field type, no members). */
  leftOut: StepNote[];
  /** A `skip` decision. */
  skipped: StepNote[];
}

export function resolveSteps(plan: RemediationPlan, decisions: DecisionsFile | null, decisionsFile = 'decisions.json'): ResolvedSteps {
  const byId = indexDecisions(plan, decisions, decisionsFile);
  const result: ResolvedSteps = { runnable: [], leftOut: [], skipped: [] };
  for (const step of plan.steps) {
    const found = byId.get(step.applicationId);
    if (!found) {
      if (step.needsDecision) {
        result.leftOut.push({ applicationId: step.applicationId, reason: 'needs a decision (see the step\'s reasons in the plan) and decisions.json has none' });
      } else {
        admit(result, { step, definition: step.definition, decision: null });
      }
      continue;
    }
    const { decision, index } = found;
    if (decision.action === 'skip') {
      result.skipped.push({ applicationId: step.applicationId, reason: decision.reason ?? 'skipped by decision' });
      continue;
    }
    const members = decision.members ?? step.definition.members;
    if (members.length === 0) {
      throw new InputError(
        `/decisions/${index}/members: ${JSON.stringify(step.applicationId)} has no members in the plan, so a "create" decision must list them`,
        { file: decisionsFile },
      );
    }
    const definition = { ...step.definition, members, administrators: decision.administrators ?? step.definition.administrators };
    admit(result, { step, definition, decision });
  }
  return result;
}

/** A decision settles who the members are; it cannot invent fields, so such steps stay out. */
function admit(result: ResolvedSteps, resolved: ResolvedStep): void {
  const problem = definitionProblem(resolved.definition);
  if (problem) result.leftOut.push({ applicationId: resolved.step.applicationId, reason: problem });
  else result.runnable.push(resolved);
}

export function definitionProblem(definition: ApplicationDefinition): string | null {
  if (definition.fields.length === 0) return 'cannot be created: the plan has no fields for it (re-export the application with its fields)';
  const known = CREDENTIAL_TYPES as readonly string[];
  const unknown = definition.fields.filter((f) => !known.includes(f.type)).length;
  if (unknown > 0) return `cannot be created: ${unknown} field(s) have a credential type that is not a SecureStoreCredentialType`;
  if (definition.members.length === 0) return 'cannot be created: no members (a "create" decision can list them)';
  return null;
}

function indexDecisions(plan: RemediationPlan, decisions: DecisionsFile | null, file: string): Map<string, { decision: Decision; index: number }> {
  // Maps: an application id may be "__proto__".
  const planIds = new Set(plan.steps.map((s) => s.applicationId));
  const byId = new Map<string, { decision: Decision; index: number }>();
  (decisions?.decisions ?? []).forEach((decision, index) => {
    const id = decision.applicationId;
    const at = `/decisions/${index}/applicationId`;
    if (!planIds.has(id)) throw new InputError(`${at}: ${JSON.stringify(id)} is not an application in the plan`, { file });
    const earlier = byId.get(id);
    if (earlier) throw new InputError(`${at}: a second decision for ${JSON.stringify(id)} (the first is /decisions/${earlier.index})`, { file });
    byId.set(id, { decision, index });
  });
  return byId;
}
