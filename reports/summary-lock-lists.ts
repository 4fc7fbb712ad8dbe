// The No Access and unknown-lock sites the summary names: the first LIST_LIMIT of each by URL, and how
// many there are. Fed while the scan runs, since lock findings (one a locked site) are not kept. Kept by
// slot, so the sites of a part of a split file that is read again can be taken back out.
import type { Finding } from '../src/scan/types.js';
import { byText } from './summary-counts.js';
import { LIST_LIMIT, type Listed, type LockLists, type SiteRow } from './summary-facts.js';

export function createLockLists(slots: number): { add(slot: number, finding: Finding): void; discard(slot: number): void; done(): LockLists } {
  const bySlot = Array.from({ length: slots }, () => ({ noAccess: siteList(), unknownLock: siteList() }));
  return {
    add(slot, f) {
      if (f.messageId === 'NoAccess') bySlot[slot].noAccess.add(f);
      else if (f.messageId === 'Unknown') bySlot[slot].unknownLock.add(f);
    },
    discard(slot) {
      bySlot[slot] = { noAccess: siteList(), unknownLock: siteList() };
    },
    done: () => ({ noAccess: merged(bySlot.map((s) => s.noAccess.done())), unknownLock: merged(bySlot.map((s) => s.unknownLock.done())) }),
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

function merged(lists: Listed<SiteRow>[]): Listed<SiteRow> {
  const shown = lists.flatMap((l) => l.shown);
  trim(shown);
  return { total: lists.reduce((sum, l) => sum + l.total, 0), shown };
}

function trim(rows: SiteRow[]): void {
  rows.sort((a, b) => byText(a.url, b.url) || byText(a.lockIssue ?? '', b.lockIssue ?? ''));
  rows.length = Math.min(rows.length, LIST_LIMIT);
}
