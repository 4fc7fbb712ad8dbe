// summary.html: the page a person reads after a scan. Self-contained (inline CSS, no script, no network),
// printable, and deterministic: the same findings give the same bytes.
import path from 'node:path';
import { writeFileAtomic } from '../src/io/atomic-write.js';
import { gatherFacts, type LockLists } from './summary-facts.js';
import { createLockLists } from './summary-lock-lists.js';
import { applications, blockers, coverage, exportWarnings, locks, others, profiles, tiles } from './summary-html-sections.js';
import { SUMMARY_CSS } from './summary-html-style.js';
import { esc } from './summary-html-text.js';
import type { Report, ReportContext } from './types.js';

const FILE = 'summary.html';

const PLATFORMS: Record<string, string> = {
  'sharepoint-se': 'SharePoint Server Subscription Edition',
  m365: 'Microsoft 365',
};

export async function renderSummaryHtml(ctx: Omit<ReportContext, 'outDir'>, lockLists: LockLists): Promise<string> {
  const facts = await gatherFacts(ctx, lockLists);
  const meta = [
    ['ScanID', ctx.scanId],
    ['Generated', ctx.generatedAt],
    ['Target platform', PLATFORMS[ctx.targetPlatform] ?? ctx.targetPlatform],
  ]
    .map(([k, v]) => `<div><dt>${esc(k)}</dt><dd data-key="${esc(k)}">${esc(v)}</dd></div>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>farmscan summary ${esc(ctx.scanId)}</title>
<style>${SUMMARY_CSS}</style>
</head>
<body>
<header><h1>Farm scan summary</h1>
<dl class="meta">${meta}</dl>
</header>
${tiles(facts)}
${exportWarnings(facts)}
${blockers(facts)}
${applications(facts)}
${locks(facts)}
${profiles(facts)}
${others(facts)}
${coverage(facts)}
<footer>Written by farmscan. The rows behind every count are in <code>ScannerReports/</code>, <code>SummaryReport.csv</code>, <code>ScanErrors.csv</code> and <code>remediation-plan.json</code> beside this file.</footer>
</body>
</html>
`;
}

export default {
  id: 'summary-html',
  files: [FILE],
  streams: 'locked-sites',
  start({ slots }) {
    const lockLists = createLockLists(slots);
    return {
      add: (slot, f) => lockLists.add(slot, f),
      discard: (slot) => lockLists.discard(slot),
      write: async (ctx) => writeFileAtomic(path.join(ctx.outDir, FILE), await renderSummaryHtml(ctx, lockLists.done())),
    };
  },
} satisfies Report;
