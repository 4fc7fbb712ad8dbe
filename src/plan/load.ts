// Reading remediation-plan.json and decisions.json: decode, parse, check the schema version, validate,
// and on any problem one InputError naming the file, the JSON path and what was expected.
import path from 'node:path';
import { readTextFile } from '../io/read-text-file.js';
import { InputError, UsageError } from '../errors.js';
import type { Claim } from '../model.js';
import { findPointer, findSyntaxError, positionAt } from './json-text.js';
import type { DecisionsFile, RemediationPlan } from './types.js';
import { firstSchemaProblem, type SchemaName } from './validate.js';

export interface LoadOptions {
  /** Folder a relative path is resolved against (default process.cwd()); messages keep the path as given. */
  cwd?: string;
}

const SUPPORTED_VERSION = 1;

export async function loadPlan(file: string, options: LoadOptions = {}): Promise<RemediationPlan> {
  const { text, data } = await readJson(file, options);
  checkDocument(file, text, data, 'plan', 'remediation plan');
  const plan = data as RemediationPlan;
  const seen = new Map<string, number>();
  plan.steps.forEach((step, index) => {
    const at = `/steps/${index}`;
    const first = seen.get(step.applicationId);
    if (first !== undefined) fail(file, text, `${at}/applicationId`, `duplicates /steps/${first}/applicationId; each application has one step`);
    seen.set(step.applicationId, index);
    if (step.definition.applicationId !== step.applicationId) {
      fail(file, text, `${at}/definition/applicationId`, 'must equal the step\'s applicationId');
    }
  });
  return plan;
}

export async function loadDecisions(file: string, options: LoadOptions = {}): Promise<DecisionsFile> {
  const { text, data } = await readJson(file, options);
  checkDocument(file, text, data, 'decisions', 'decisions file');
  const decisions = data as DecisionsFile;
  // Hand-written claims may leave properties out; everything downstream sees all four.
  for (const decision of decisions.decisions) {
    if (decision.members) decision.members = decision.members.map(fullClaim);
    if (decision.administrators) decision.administrators = decision.administrators.map(fullClaim);
  }
  return decisions;
}

function fullClaim(claim: Partial<Claim>): Claim {
  return {
    claimType: claim.claimType ?? null,
    claimIssuer: claim.claimIssuer ?? null,
    claimValue: claim.claimValue ?? null,
    encodedClaim: claim.encodedClaim ?? null,
  };
}

async function readJson(file: string, options: LoadOptions): Promise<{ text: string; data: unknown }> {
  const text = await readTextFile(file, options.cwd, 'a JSON file');
  try {
    return { text, data: JSON.parse(text) as unknown };
  } catch {
    const problem = findSyntaxError(text) ?? { offset: 0, message: 'not valid JSON' };
    throw new InputError(`not valid JSON: ${problem.message}`, { file, ...positionAt(text, problem.offset) });
  }
}

function checkDocument(file: string, text: string, data: unknown, schema: SchemaName, what: string): void {
  // The version first: a newer file fails the schema in many places, and only this says why.
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && Object.hasOwn(data, 'schemaVersion')) {
    const version = (data as { schemaVersion: unknown }).schemaVersion;
    if (version !== SUPPORTED_VERSION) {
      fail(
        file,
        text,
        '/schemaVersion',
        `unsupported ${what} schemaVersion ${JSON.stringify(version)}: this farmscan reads schemaVersion ${SUPPORTED_VERSION} (use the farmscan version that wrote it, or regenerate the file)`,
      );
    }
  }
  const problem = firstSchemaProblem(schema, data);
  if (problem) fail(file, text, problem.pointer, problem.message);
}

function fail(file: string, text: string, pointer: string, message: string): never {
  const offset = findPointer(text, pointer);
  const where = offset === null ? {} : positionAt(text, offset);
  throw new InputError(`${pointer === '' ? '/' : pointer}: ${message}`, { file, ...where });
}
