// replay and script say it loudly when the plan came from a scan that met bad input.
import type { OutputStream } from '../cli/io.js';
import { visible } from '../errors.js';
import type { RemediationPlan } from './types.js';

export function warnIfIncomplete(plan: RemediationPlan, stderr: OutputStream): void {
  if (!plan.incompleteScan) return;
  const { scanErrors, failedFiles } = plan.incompleteScan;
  const files = failedFiles.length > 0 ? ` (failed files: ${failedFiles.map(visible).join(', ')})` : '';
  stderr.write(`farmscan: warning: the scan that wrote this plan met ${scanErrors} error(s)${files}: applications may be missing; see its ScanErrors.csv\n`);
}
