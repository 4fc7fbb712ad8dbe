// The No Access and unknown-lock sites the summary names: the first LIST_LIMIT of each by URL, and how
// many there are. Fed while the scan runs, since lock findings (one a locked site) are not kept.
import type { Finding } from '../src/scan/types.js';
import { byText } from './summary-counts.js';
import { LIST_LIMIT, type Listed, type LockLists, type SiteRow } from './summary-facts.js';

export function createLockLists(): { add(finding: Finding): void; done(): LockLists } {
  const noAccess = siteList();
  const unknownLock = siteList();
  return {
    add(f) {
      if (f.messageId === 'NoAccess') noAccess.add(f);
      else if (f.messageId === 'Unknown') unknownLock.add(f);
    },
    done: () => ({ noAccess: noAccess.done(), unknownLock: unknownLock.done() }),
  };
}

/** Kept without sorting a possibly huge list whole; the result does not depend on the order of adds. */
function siteList(): { add(f: Finding): void; done(): Listed<SiteRow> } {
  const shown: SiteRow[] = [];
  let total = 0;
  return {
    add(f) {
      const d = f.data as { url: string; lockIssue: string | null };
      shown.push({ url: d.url, lockIssue: d.lockIssue });
      total++;
      if (shown.length > LIST_LIMIT * 4) trim(shown);
    },
    done() {
      trim(shown);
      return { total, shown };
    },
  };
}

function trim(rows: SiteRow[]): void {
  rows.sort((a, b) => byText(a.url, b.url) || byText(a.lockIssue ?? '', b.lockIssue ?? ''));
  rows.length = Math.min(rows.length, LIST_LIMIT);
}
