// remediation-plan.json, as the scan writes it and replay/script read it. schema/remediation-plan.schema.json
// is the same contract for other tools; bump PLAN_SCHEMA_VERSION on any incompatible change.
import type { Claim } from '../model.js';

export const PLAN_SCHEMA_VERSION = 1 as const;

export type Classification = 'compatible' | 'convert' | 'redesign' | 'unknown';
export type TargetPlatform = 'sharepoint-se' | 'm365';

export interface PlanField {
  name: string;
  /** A SecureStoreCredentialType name. */
  type: string;
  masked: boolean;
}

/** What the target application will be: always RestrictedGroup, never a credential value. */
export interface ApplicationDefinition {
  applicationId: string;
  name: string;
  friendlyName: string | null;
  contactEmail: string | null;
  credentialManagementUrl: string | null;
  type: 'RestrictedGroup';
  fields: PlanField[];
  administrators: Claim[];
  members: Claim[];
}

export interface ProfileMappingUse {
  connectionName: string;
  propertyName: string;
  lobSystemInstance: string;
}

export interface PlanStep {
  applicationId: string;
  sourceType: string | null;
  targetType: 'RestrictedGroup';
  classification: Classification;
  needsDecision: boolean;
  /** Why, in words a consultant reads. */
  reasons: string[];
  /** What differs between the source application and what the step creates. */
  changes: string[];
  dropped: {
    ticketTimeout: number | null;
    individualMappings: boolean;
    ticketRedeemers: Claim[];
  };
  definition: ApplicationDefinition;
  usedByProfileMappings: ProfileMappingUse[];
  source: { file: string; line: number };
}

export interface RemediationPlan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  scanId: string;
  generatedAt: string;
  targetPlatform: TargetPlatform;
  /** Set when the scan met bad input (see ScanErrors.csv): applications may be missing from the plan. */
  incompleteScan?: { scanErrors: number; failedFiles: string[] };
  steps: PlanStep[];
}

/** decisions.json: settles each needsDecision step. A step without a decision is left out, never guessed. */
export interface Decision {
  applicationId: string;
  action: 'create' | 'skip';
  /** For `create`: who shares the one credential set (required when the plan has no members). */
  members?: Claim[];
  administrators?: Claim[];
  reason?: string;
}

export interface DecisionsFile {
  schemaVersion: 1;
  decisions: Decision[];
}
