// remediation-plan.json from the scan's findings. Placeholder until src/plan lands.
import path from 'node:path';
import type { ReportContext } from '../../reports/types.js';
import { writeFileAtomic } from '../io/atomic-write.js';

export const PLAN_FILE = 'remediation-plan.json';

export async function writeScanPlan(ctx: ReportContext): Promise<string> {
  await writeFileAtomic(path.join(ctx.outDir, PLAN_FILE), `${JSON.stringify({ schemaVersion: 1, scanId: ctx.scanId, generatedAt: ctx.generatedAt, targetPlatform: ctx.targetPlatform, steps: [] }, null, 2)}\n`);
  return PLAN_FILE;
}
