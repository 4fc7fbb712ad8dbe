// Applies a plan to a target: read the target's state, diff each resolved step against it, apply only
// what is missing. A differing application is a conflict unless --force names it. Idempotent: the same
// plan twice changes nothing the second time.
import type { CliIO } from '../cli/io.js';
import { UsageError, isUserError, visible } from '../errors.js';
import { type ResolvedStep, resolveSteps } from '../plan/decisions.js';
import type { DecisionsFile, RemediationPlan } from '../plan/types.js';
import type { TargetVault } from '../vault/types.js';
import type { Credentials } from './credentials.js';
import { definitionDifferences } from './differences.js';
import { type Journal, openJournal } from './journal.js';

export interface ReplayOptions {
  decisions: DecisionsFile | null;
  credentials: Credentials | null;
  dryRun: boolean;
  /** Application ids whose conflicts may be overwritten. */
  force: string[];
  /** For messages about decisions.json. */
  decisionsFile?: string;
}

export interface ReplayCounts {
  created: number;
  updated: number;
  unchanged: number;
  conflicts: number;
  skipped: number;
  failed: number;
}

export interface Note {
  applicationId: string;
  reason: string;
}

export interface ReplayResult {
  counts: ReplayCounts;
  /** Application ids by outcome; `manual` are created or present but still without credentials. */
  ids: Record<keyof ReplayCounts | 'manual', string[]>;
  conflicts: Note[];
  failures: Note[];
  /** Left out for lack of a decision (or not creatable as planned). */
  leftOut: Note[];
  /** Skipped by a decision. */
  skippedByDecision: Note[];
  manual: Note[];
  /** Credentials for applications the plan does not have (names only). */
  unusedCredentials: string[];
  /** An earlier run of this plan that stopped midway, which this run finished. */
  resumed: { scanId: string; applied: number } | null;
  dryRun: boolean;
  /** 0 all applied; 3 conflicts, left-out steps or manual steps remain; 1 a step failed. */
  exitCode: 0 | 1 | 3;
}

type Outcome = 'created' | 'updated' | 'unchanged';

export async function replayPlan(plan: RemediationPlan, target: TargetVault, options: ReplayOptions, io?: CliIO): Promise<ReplayResult> {
  const say = (line: string) => io?.stderr.write(`${line}\n`);
  const now = io?.now ?? (() => new Date());
  const resolved = checkReplayInputs(plan, options);
  const force = new Set(options.force);
  const planIds = new Set(plan.steps.map((s) => s.applicationId));

  const result = emptyResult(options.dryRun);
  result.leftOut = resolved.leftOut;
  result.skippedByDecision = resolved.skipped;
  result.unusedCredentials = [...(options.credentials?.keys() ?? [])].filter((id) => !planIds.has(id));
  for (const id of result.unusedCredentials) say(`credentials file: application ${visible(JSON.stringify(id))} is not in the plan; its values are not used`);

  const journal = !options.dryRun && target.journalPath ? await openJournal(target.journalPath, now) : null;
  const interrupted = journal?.interrupted() ?? null;
  if (interrupted && interrupted.scanId === plan.scanId) {
    result.resumed = { scanId: plan.scanId, applied: interrupted.applied.length };
    say(`Resuming: an earlier replay of scan ${visible(plan.scanId)} stopped after ${interrupted.applied.length} change(s); finishing it.`);
  } else if (interrupted) {
    say(`Note: an earlier replay of scan ${visible(interrupted.scanId)} did not finish; this run applies scan ${visible(plan.scanId)}.`);
  }
  let started = false;
  const applied = async (applicationId: string, action: string) => {
    if (!journal) return;
    if (!started) await journal.record({ event: 'start', scanId: plan.scanId });
    started = true;
    await journal.record({ event: 'applied', scanId: plan.scanId, applicationId, action });
  };

  const state = await target.readState();
  const verb = (doing: string) => (options.dryRun ? `would ${doing}` : doing);
  for (const step of resolved.runnable) {
    const id = step.step.applicationId;
    try {
      const outcome = await replayStep(step, { target, state, options, forced: force.has(id), result, say, verb, applied });
      if (outcome) result.ids[outcome].push(id);
    } catch (error) {
      if (!isUserError(error)) throw error;
      result.failures.push({ applicationId: id, reason: error.message });
      say(`${visible(id)}: failed: ${visible(error.message)}`);
    }
  }

  for (const note of resolved.leftOut) say(`${visible(note.applicationId)}: left out: ${visible(note.reason)}`);
  for (const note of resolved.skipped) say(`${visible(note.applicationId)}: skipped: ${visible(note.reason)}`);
  result.ids.conflicts = result.conflicts.map((n) => n.applicationId);
  result.ids.failed = result.failures.map((n) => n.applicationId);
  result.ids.skipped = [...resolved.leftOut, ...resolved.skipped].map((n) => n.applicationId);
  result.ids.manual = result.manual.map((n) => n.applicationId);
  for (const key of Object.keys(result.counts) as (keyof ReplayCounts)[]) result.counts[key] = result.ids[key].length;
  result.exitCode = result.failures.length ? 1 : result.conflicts.length || result.leftOut.length || result.manual.length ? 3 : 0;

  // Close the journal's run (also an interrupted one that this run found nothing left to do for).
  if (journal && (started || result.resumed) && result.failures.length === 0) await journal.record({ event: 'complete', scanId: plan.scanId });
  const c = result.counts;
  say(
    `${options.dryRun ? 'Dry run (nothing written)' : 'Replay'} of scan ${visible(plan.scanId)} on ${visible(target.description)}: ` +
      `${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.conflicts} conflicts, ${c.skipped} skipped, ${c.failed} failed` +
      (result.manual.length ? `; ${result.manual.length} still need credentials` : '') +
      '.',
  );
  return result;
}

interface StepContext {
  target: TargetVault;
  state: Awaited<ReturnType<TargetVault['readState']>>;
  options: ReplayOptions;
  forced: boolean;
  result: ReplayResult;
  say: (line: string) => void;
  verb: (doing: string) => string;
  applied: (applicationId: string, action: string) => Promise<void>;
}

/**
 * Everything that can be checked without the vault: decisions against the plan, --force ids, and the
 * credentials file's field names against each step. Run before the pass phrase is asked for, so a typo
 * in an input file never leaves a vault half-applied.
 */
export function checkReplayInputs(plan: RemediationPlan, options: Pick<ReplayOptions, 'decisions' | 'decisionsFile' | 'force' | 'credentials'>) {
  const resolved = resolveSteps(plan, options.decisions, options.decisionsFile);
  const planIds = new Set(plan.steps.map((s) => s.applicationId));
  for (const id of options.force) {
    if (!planIds.has(id)) throw new UsageError(`--force ${JSON.stringify(id)}: no such application in the plan`);
  }
  const problems: string[] = [];
  for (const { step, definition } of resolved.runnable) {
    const supplied = options.credentials?.get(step.applicationId);
    const problem = supplied ? fieldProblem(definition.fields.map((f) => f.name), supplied) : null;
    if (problem) problems.push(`${visible(step.applicationId)}: ${problem}`);
  }
  if (problems.length > 0) throw new UsageError(`credentials file: ${problems.join('; ')}; nothing was written`);
  return resolved;
}

/** One application: definition first, then its credentials. Returns null for a conflict. */
async function replayStep({ step, definition }: ResolvedStep, ctx: StepContext): Promise<Outcome | null> {
  const { target, options, forced, result, say, verb } = ctx;
  const id = step.applicationId;
  const shown = visible(id);
  const fieldNames = definition.fields.map((f) => f.name);
  const supplied = options.credentials?.get(id) ?? null;
  if (supplied) {
    const problem = fieldProblem(fieldNames, supplied);
    if (problem) throw new UsageError(`credentials file: ${problem}`);
  }
  const existing = ctx.state.applications.get(id);
  let outcome: Outcome = 'unchanged';
  let fieldsSet: string[];
  if (!existing) {
    say(`${shown}: ${verb('create')}`);
    if (!options.dryRun) {
      await target.createApplication(definition);
      await ctx.applied(id, 'create');
    }
    outcome = 'created';
    fieldsSet = [];
  } else {
    const differences = definitionDifferences(existing.definition, definition);
    if (differences.length && !forced) {
      result.conflicts.push({ applicationId: id, reason: `exists with a different ${differences.join(', ')}` });
      say(`${shown}: conflict: exists with a different ${differences.join(', ')}; left untouched (--force ${shown} replaces it)`);
      return null;
    }
    fieldsSet = existing.fieldsSet;
    if (differences.length) {
      say(`${shown}: ${verb('replace')} (forced; differed in ${differences.join(', ')})`);
      if (!options.dryRun) {
        await target.replaceApplication(definition);
        await ctx.applied(id, 'replace');
      }
      const sameFields = existing.definition.fields.map((f) => f.name).join('\u0000') === fieldNames.join('\u0000');
      fieldsSet = sameFields ? existing.fieldsSet : [];
      outcome = 'updated';
    }
  }

  const allSet = fieldNames.every((name) => fieldsSet.includes(name));
  if (!supplied) {
    if (!allSet) {
      result.manual.push({ applicationId: id, reason: `no credentials supplied for its ${fieldNames.length} field(s)` });
      say(`${shown}: no credentials in the credentials file; its ${fieldNames.length} field(s) still need values (manual step)`);
    }
    return outcome;
  }
  if (allSet) {
    const differing = await target.differingCredentials(id, supplied);
    if (differing.length === 0) return outcome;
    const names = differing.map((n) => JSON.stringify(n)).join(', ');
    if (!forced) {
      result.conflicts.push({ applicationId: id, reason: `credential values differ for field(s) ${names}` });
      say(`${shown}: conflict: the stored values differ for field(s) ${visible(names)}; left untouched (--force ${shown} overwrites them)`);
      return null;
    }
  }
  say(`${shown}: ${verb('set credentials')}`);
  if (!options.dryRun) {
    await target.setCredentials(id, supplied);
    await ctx.applied(id, 'set-credentials');
  }
  return outcome === 'created' ? 'created' : 'updated';
}

/** Missing or extra fields in the supplied values, by name. */
function fieldProblem(fieldNames: string[], supplied: ReadonlyMap<string, string>): string | null {
  const missing = fieldNames.filter((n) => !supplied.has(n));
  const extra = [...supplied.keys()].filter((k) => !fieldNames.includes(k));
  if (!missing.length && !extra.length) return null;
  const list = (names: string[]) => names.map((n) => JSON.stringify(n)).join(', ');
  return [missing.length ? `missing field(s) ${list(missing)}` : '', extra.length ? `field(s) ${list(extra)} not in the application` : '']
    .filter(Boolean)
    .join('; ');
}

function emptyResult(dryRun: boolean): ReplayResult {
  return {
    counts: { created: 0, updated: 0, unchanged: 0, conflicts: 0, skipped: 0, failed: 0 },
    ids: { created: [], updated: [], unchanged: [], conflicts: [], skipped: [], failed: [], manual: [] },
    conflicts: [],
    failures: [],
    leftOut: [],
    skippedByDecision: [],
    manual: [],
    unusedCredentials: [],
    resumed: null,
    dryRun,
    exitCode: 0,
  };
}
