// Which resolved steps the script can express. On top of the plan's own checks, every claim must become a
// New-SPClaimsPrincipal call and every field type must be on the allow-list; otherwise the step is left
// out with a reason rather than emitted half-right.
import { CREDENTIAL_TYPES } from '../model.js';
import type { ResolvedStep, ResolvedSteps, StepNote } from '../plan/decisions.js';
import { compareOrdinal } from '../plan/build.js';
import { notRebuiltReason, principalFor, type Principal } from './claims.js';

export interface ScriptStep {
  resolved: ResolvedStep;
  /** New-SPClaimsPrincipal expressions, in plan order. */
  administrators: string[];
  members: string[];
}

export interface ScriptPlan {
  steps: ScriptStep[];
  /** From the decisions (no decision) plus the steps the script cannot express. */
  leftOut: StepNote[];
  skipped: StepNote[];
  /** Trusted identity token issuers the steps' claims need on the target (case-insensitively unique, sorted). */
  trustedIssuers: string[];
}

export function scriptSteps(resolved: ResolvedSteps): ScriptPlan {
  const plan: ScriptPlan = { steps: [], leftOut: [...resolved.leftOut], skipped: [...resolved.skipped], trustedIssuers: [] };
  const issuers = new Map<string, string>();
  for (const step of resolved.runnable) {
    const id = step.step.applicationId;
    const administrators = step.definition.administrators.map(principalFor);
    const members = step.definition.members.map(principalFor);
    const all = [...administrators, ...members];
    if (all.includes(null)) {
      const claims = [...step.definition.administrators, ...step.definition.members];
      plan.leftOut.push({ applicationId: id, reason: notRebuiltReason(claims[all.indexOf(null)]) });
    } else if (step.definition.fields.some((f) => !(CREDENTIAL_TYPES as readonly string[]).includes(f.type))) {
      plan.leftOut.push({ applicationId: id, reason: 'a field has a credential type that is not a SecureStoreCredentialType' });
    } else if (step.definition.fields.some((f) => f.name === '')) {
      // New-SPSecureStoreApplicationField -Name is mandatory: PowerShell refuses '' before the cmdlet runs.
      plan.leftOut.push({ applicationId: id, reason: 'a field has an empty name, which New-SPSecureStoreApplicationField refuses' });
    } else if (step.definition.members.length === 0 || step.definition.fields.length === 0) {
      plan.leftOut.push({ applicationId: id, reason: 'no members or no fields' });
    } else {
      const expressions = (list: (Principal | null)[]) => list.map((p) => (p as Principal).expression);
      plan.steps.push({ resolved: step, administrators: expressions(administrators), members: expressions(members) });
      for (const p of all as Principal[]) if (p.trustedIssuer !== null && !issuers.has(p.trustedIssuer.toLowerCase())) issuers.set(p.trustedIssuer.toLowerCase(), p.trustedIssuer);
    }
  }
  plan.leftOut.sort((a, b) => compareOrdinal(a.applicationId, b.applicationId));
  plan.trustedIssuers = [...issuers.values()].sort(compareOrdinal);
  return plan;
}
