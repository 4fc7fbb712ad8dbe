// `farmscan replay <plan> --target file:<vault> [--credentials f|-] [--decisions f] [--dry-run] [--force id] [--json] [--lock-wait s]`
import type { CliIO } from '../cli/io.js';
import { isUserError, renderUserError, visible } from '../errors.js';
import { warnIfIncomplete } from '../plan/incomplete-warning.js';
import { loadDecisions, loadPlan } from '../plan/load.js';
import type { KdfPolicy } from '../vault/kdf.js';
import { lockWaitMs } from '../vault/lock.js';
import { openTarget } from '../vault/target.js';
import { resolveCredentials } from './credential-source.js';
import { checkReplayInputs, replayPlan } from './replay.js';

export interface ReplayCommandOptions {
  planPath: string;
  target: string;
  /** A file, or `-` for standard input; without it, FARMSCAN_CREDENTIALS when set. */
  credentialsPath?: string;
  decisionsPath?: string;
  dryRun?: boolean;
  force?: string[];
  json?: boolean;
  /** How long to wait for another run's lock on the vault (default 30). */
  lockWaitSeconds?: number;
}

/** Not reachable from the command line: lets tests use cheap scrypt parameters. */
export interface ReplayInternals {
  kdfPolicy?: KdfPolicy;
}

export async function runReplayCommand(options: ReplayCommandOptions, io: CliIO, internals: ReplayInternals = {}): Promise<number> {
  try {
    // Every input file is read and checked before the pass phrase is asked for.
    const plan = await loadPlan(options.planPath, { cwd: io.cwd });
    warnIfIncomplete(plan, io.stderr);
    const decisions = options.decisionsPath ? await loadDecisions(options.decisionsPath, { cwd: io.cwd }) : null;
    const credentials = await resolveCredentials(options.credentialsPath, io);
    checkReplayInputs(plan, { decisions, credentials, force: options.force ?? [], decisionsFile: options.decisionsPath });
    const target = await openTarget(options.target, io, {
      readOnly: options.dryRun,
      kdfPolicy: internals.kdfPolicy,
      command: 'replay',
      lockWaitMs: lockWaitMs(options.lockWaitSeconds),
      notice: (line) => io.stderr.write(`${visible(line)}\n`),
    });
    try {
      const result = await replayPlan(
        plan,
        target,
        { decisions, credentials, dryRun: options.dryRun ?? false, force: options.force ?? [], decisionsFile: options.decisionsPath },
        io,
      );
      if (options.json) io.stdout.write(`${JSON.stringify({ ...result.counts, ids: result.ids })}\n`);
      return result.exitCode;
    } finally {
      target.close();
    }
  } catch (error) {
    if (!isUserError(error)) throw error;
    io.stderr.write(`${renderUserError(error)}\n`);
    return 1;
  }
}
