// Stage 5, reports and plan: after the reading, every report and remediation-plan.json (reports-run.ts)
// go into a staging folder that replaces the output folder's set in one step (output-set.ts), or not at all.
import type { ReportContext } from '../../reports/types.js';
import type { TargetPlatform } from '../plan/types.js';
import { outputPoint } from './output-points.js';
import { beginOutputSet } from './output-set.js';
import type { ReportsRun } from './reports-run.js';
import type { RunResult } from './runner.js';
import type { Scanner } from './types.js';

export interface OutputsSetup {
  outDir: string;
  scanId: string;
  generatedAt: string;
  targetPlatform: TargetPlatform;
  scanners: readonly Scanner<any>[];
  /** Called after each report: the heap guard's check. */
  afterEach: () => void;
}

/** Writes the outputs of `result`, whose finding store it disposes of; returns the files written, relative to the output folder. */
export async function writeOutputs(setup: OutputsSetup, result: RunResult, reports: ReportsRun): Promise<{ outputs: string[]; counts: ReportContext['counts'] }> {
  const store = result.findingStore;
  const outputSet = await beginOutputSet(setup.outDir).catch((error) => {
    store.dispose();
    throw error;
  });
  const ctx: ReportContext = {
    outDir: outputSet.dir,
    scanId: setup.scanId,
    generatedAt: setup.generatedAt,
    targetPlatform: setup.targetPlatform,
    errors: result.errors,
    files: result.files,
    of: (id, messageIds) => store.of(id, messageIds),
    counts: store.counts(),
    scanners: setup.scanners.map((s) => s.id),
  };
  try {
    let outputs: string[];
    try {
      outputs = await reports.write(ctx, () => {
        setup.afterEach();
        outputPoint('output.report', outputSet.dir);
      });
    } finally {
      store.dispose();
    }
    await outputSet.commit();
    return { outputs, counts: ctx.counts };
  } catch (error) {
    await outputSet.discard();
    throw error;
  }
}
