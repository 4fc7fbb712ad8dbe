// remediation-plan.json from the scan's findings: the applications the secure-store scanner saw, and the
// profile mappings that reach each of them through BCS.
import path from 'node:path';
import type { ReportContext } from '../../reports/types.js';
import type { SecureStoreApplicationRecord } from '../model.js';
import { planHead, planSteps } from '../plan/build.js';
import type { ProfileMappingUse } from '../plan/types.js';
import { writePlan } from '../plan/write.js';

export const PLAN_FILE = 'remediation-plan.json';

export async function writeScanPlan(ctx: ReportContext): Promise<string> {
  const applications: SecureStoreApplicationRecord[] = [];
  for await (const finding of ctx.of('secure-store')) applications.push(finding.data.application as SecureStoreApplicationRecord);
  const profileUses = new Map<string, ProfileMappingUse[]>();
  for await (const finding of ctx.of('profile-mappings')) {
    if (finding.messageId !== 'usedByProfile') continue;
    profileUses.set(finding.subject, finding.data.uses as ProfileMappingUse[]);
  }
  const input = { scanId: ctx.scanId, generatedAt: ctx.generatedAt, targetPlatform: ctx.targetPlatform, applications, profileUses };
  const failedFiles = ctx.files.filter((f) => f.failed).map((f) => f.file);
  // Placed before the steps so a reader of the JSON sees it first.
  const incomplete = ctx.errors.length > 0 ? { incompleteScan: { scanErrors: ctx.errors.length, failedFiles } } : {};
  const plan = { ...planHead(input), ...incomplete, steps: planSteps(input) };
  await writePlan(path.join(ctx.outDir, PLAN_FILE), plan);
  return PLAN_FILE;
}
