// `farmscan script <plan.json> [--decisions f] [--out remediation.ps1]`: plan (+ decisions) → .ps1.
import path from 'node:path';
import type { CliIO } from '../cli/io.js';
import { UsageError, visible } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { resolveSteps } from '../plan/decisions.js';
import { warnIfIncomplete } from '../plan/incomplete-warning.js';
import { loadDecisions, loadPlan } from '../plan/load.js';
import { encodeScript, renderScript } from './render.js';
import { scriptSteps } from './steps.js';

export interface ScriptCommandOptions {
  planPath: string;
  decisionsPath?: string;
  outPath?: string;
}

/** Exit code: 0, or 3 when steps were left out (no decision, or not expressible as a script). */
export async function runScriptCommand(options: ScriptCommandOptions, io: CliIO): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const plan = await loadPlan(options.planPath, { cwd });
  warnIfIncomplete(plan, io.stderr);
  const decisions = options.decisionsPath === undefined ? null : await loadDecisions(options.decisionsPath, { cwd });
  const resolved = resolveSteps(plan, decisions, options.decisionsPath);
  const outPath = options.outPath ?? 'remediation.ps1';
  try {
    await writeFileAtomic(path.resolve(cwd, outPath), encodeScript(renderScript(plan, resolved)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UsageError(`${outPath}: cannot write the script there (${code})`);
    }
    throw error;
  }

  const counts = scriptSteps(resolved);
  const ids = counts.leftOut.map((n) => visible(JSON.stringify(n.applicationId))).join(', ');
  io.stderr.write(
    `farmscan: wrote ${visible(outPath)}: ${counts.steps.length} application(s) to create, ${counts.skipped.length} skipped by decision, ` +
      `${counts.leftOut.length} left out${ids ? ` (${ids}: see docs/decisions.md)` : ''}\n`,
  );
  for (const note of counts.leftOut) io.stderr.write(`farmscan:   ${visible(JSON.stringify(note.applicationId))}: ${visible(note.reason)}\n`);
  return counts.leftOut.length > 0 ? 3 : 0;
}
