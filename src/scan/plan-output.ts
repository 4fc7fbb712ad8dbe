// remediation-plan.json from the scan's findings: the applications the secure-store scanner saw, and the
// profile mappings that reach each of them through BCS.
import path from 'node:path';
import type { ReportContext } from '../../reports/types.js';
import type { SecureStoreApplicationRecord } from '../model.js';
import { buildPlan } from '../plan/build.js';
import type { ProfileMappingUse } from '../plan/types.js';
import { writePlan } from '../plan/write.js';

export const PLAN_FILE = 'remediation-plan.json';

export async function writeScanPlan(ctx: ReportContext): Promise<string> {
  const applications = ctx.of('secure-store').map((f) => f.data.application as SecureStoreApplicationRecord);
  const profileUses = new Map<string, ProfileMappingUse[]>();
  for (const finding of ctx.of('profile-mappings')) {
    if (finding.messageId !== 'usedByProfile') continue;
    profileUses.set(finding.subject, finding.data.uses as ProfileMappingUse[]);
  }
  const plan = buildPlan({ scanId: ctx.scanId, generatedAt: ctx.generatedAt, targetPlatform: ctx.targetPlatform, applications, profileUses });
  await writePlan(path.join(ctx.outDir, PLAN_FILE), plan);
  return PLAN_FILE;
}
