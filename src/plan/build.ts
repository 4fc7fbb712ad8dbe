// Findings → remediation-plan.json (DESIGN.md "Plan"): one step per target application, classified by
// src/classify.ts, deterministic (sorted by id), never holding a credential value.
import { classify } from '../classify.js';
import { compareOrdinal } from '../ordinal.js';
import { CREDENTIAL_TYPES, type Claim, type SecureStoreApplicationRecord } from '../model.js';
import {
  PLAN_SCHEMA_VERSION,
  type ApplicationDefinition,
  type PlanStep,
  type ProfileMappingUse,
  type RemediationPlan,
  type TargetPlatform,
} from './types.js';

export interface BuildPlanInput {
  scanId: string;
  generatedAt: string;
  targetPlatform: TargetPlatform;
  applications: readonly SecureStoreApplicationRecord[];
  /** Keyed by application id: the user-profile property mappings that reach it through BCS. */
  profileUses: ReadonlyMap<string, ProfileMappingUse[]>;
}

export { compareOrdinal };

export function buildPlan(input: BuildPlanInput): RemediationPlan {
  return { ...planHead(input), steps: [...planSteps(input)] };
}

/** Everything of the plan but its steps, in the plan's key order. */
export function planHead(input: Omit<BuildPlanInput, 'applications' | 'profileUses'>): Omit<RemediationPlan, 'steps'> {
  return { schemaVersion: PLAN_SCHEMA_VERSION, scanId: input.scanId, generatedAt: input.generatedAt, targetPlatform: input.targetPlatform };
}

/** The steps, one application id at a time in id order, each built only when it is pulled (so a plan can be written without holding them all). */
export function* planSteps(input: BuildPlanInput): Generator<PlanStep> {
  const byId = new Map<string, SecureStoreApplicationRecord[]>();
  for (const record of input.applications) {
    const list = byId.get(record.applicationId);
    if (list) list.push(record);
    else byId.set(record.applicationId, [record]);
  }
  const ids = [...byId.keys()].sort(compareOrdinal);
  for (const id of ids) {
    yield mergeDuplicates(byId.get(id)!.map((r) => buildStep(r, input.targetPlatform, input.profileUses.get(id) ?? [])));
  }
}

function buildStep(record: SecureStoreApplicationRecord, platform: TargetPlatform, uses: readonly ProfileMappingUse[]): PlanStep {
  const result = classify(record.type, platform);
  const reasons = [...result.reasons];
  let needsDecision = result.classification === 'redesign' || result.classification === 'unknown';
  const changes: string[] = [];

  if (record.type !== 'RestrictedGroup') changes.push(`type ${record.type ?? '(none)'} → RestrictedGroup`);
  const ticketTimeout = result.dropsTicketing ? record.ticketTimeout : null;
  if (ticketTimeout !== null) changes.push(`ticket time-out of ${ticketTimeout} minutes dropped`);
  if (result.dropsIndividualMappings) changes.push('individual credential mappings replaced by one group credential set');
  if (record.ticketRedeemers.length > 0) {
    changes.push(`${record.ticketRedeemers.length} ticket redeemer claim(s) dropped`);
    if (!result.dropsTicketing) reasons.push('Group Restricted has no ticketing: the ticket redeemers are dropped.');
  }

  if (record.fields === null) {
    needsDecision = true;
    reasons.push('The export has no field list for this application: re-export it with its fields (TargetApplicationFields) before recreating it.');
  } else {
    for (const field of record.fields) {
      if (!(CREDENTIAL_TYPES as readonly string[]).includes(field.credentialType)) {
        needsDecision = true;
        reasons.push(
          `Field ${JSON.stringify(field.name)} has credential type ${JSON.stringify(field.credentialType)}, which is not one of ${CREDENTIAL_TYPES.join(', ')}: check the field on the source farm.`,
        );
      }
    }
    if (record.fields.length === 0) {
      needsDecision = true;
      reasons.push('The application has no fields: a Group Restricted application needs at least one.');
    }
  }
  if (record.members.length === 0 && !needsDecision) {
    // A group credential set nobody can use is not worth creating blind: someone names the members.
    needsDecision = true;
    reasons.push('The export lists no members (group claims): decide who shares the credentials.');
  }

  const sortedUses = [...uses].sort(
    (a, b) =>
      compareOrdinal(a.connectionName, b.connectionName) ||
      compareOrdinal(a.propertyName, b.propertyName) ||
      compareOrdinal(a.lobSystemInstance, b.lobSystemInstance),
  );
  if (sortedUses.length > 0) {
    const names = sortedUses.map((u) => `${JSON.stringify(u.propertyName)} of connection ${JSON.stringify(u.connectionName)}`);
    reasons.push(
      `Used by ${sortedUses.length} user-profile property mapping(s) (${names.join('; ')}): recreate it before the profile synchronization runs, and check the CustomProfilePropertyMappings report.`,
    );
  }

  return {
    applicationId: record.applicationId,
    sourceType: record.type,
    targetType: 'RestrictedGroup',
    classification: result.classification,
    needsDecision,
    reasons,
    changes,
    dropped: {
      ticketTimeout,
      individualMappings: result.dropsIndividualMappings,
      ticketRedeemers: record.ticketRedeemers.map(copyClaim),
    },
    definition: definitionOf(record),
    usedByProfileMappings: sortedUses.map((u) => ({ connectionName: u.connectionName, propertyName: u.propertyName, lobSystemInstance: u.lobSystemInstance })),
    source: { file: record.origin.file, line: record.origin.line },
  };
}

function definitionOf(record: SecureStoreApplicationRecord): ApplicationDefinition {
  return {
    applicationId: record.applicationId,
    name: record.name ?? record.applicationId,
    friendlyName: record.friendlyName,
    contactEmail: record.contactEmail,
    credentialManagementUrl: record.credentialManagementUrl,
    type: 'RestrictedGroup',
    fields: (record.fields ?? []).map((f) => ({ name: f.name, type: f.credentialType, masked: f.isMasked })),
    administrators: record.administrators.map(copyClaim),
    members: record.members.map(copyClaim),
  };
}

/** Fixed key order, so equal claims serialise (and compare) equally. */
function copyClaim(claim: Claim): Claim {
  return { claimType: claim.claimType, claimIssuer: claim.claimIssuer, claimValue: claim.claimValue, encodedClaim: claim.encodedClaim };
}

/** Same id in several export files: identical steps collapse; different ones need a human to pick. */
function mergeDuplicates(steps: PlanStep[]): PlanStep {
  if (steps.length === 1) return steps[0];
  const ordered = [...steps].sort((a, b) => compareOrdinal(a.source.file, b.source.file) || a.source.line - b.source.line);
  const first = ordered[0];
  const withoutSource = (s: PlanStep) => JSON.stringify({ ...s, source: null });
  const distinct = ordered.filter((s, i) => ordered.findIndex((o) => withoutSource(o) === withoutSource(s)) === i);
  if (distinct.length === 1) return first;
  const where = distinct.map((s) => `${s.source.file}:${s.source.line}`).join(', ');
  return {
    ...first,
    needsDecision: true,
    reasons: [
      ...first.reasons,
      `The export holds this application ${distinct.length} times with different definitions (${where}); this step uses the first. Check which one is current, then decide.`,
    ],
  };
}
