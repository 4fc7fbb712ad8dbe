// The summary's lists of No Access and unknown-lock sites, fed while the scan reads (reports/summary-lock-lists.ts).
import { createLockLists } from '../../reports/summary-lock-lists.js';
import { LIST_LIMIT } from '../../reports/summary-facts.js';
import type { Finding } from '../../src/scan/types.js';

const lock = (messageId: string, url: string): Finding => ({
  scannerId: 'locked-sites',
  messageId,
  severity: 'blocker',
  message: '',
  subject: url,
  origin: null,
  data: { url, lockIssue: null },
} as unknown as Finding);

test('the first sites by URL whatever the order of adds; a discarded slot leaves none of its sites', () => {
  const lists = createLockLists(3);
  const urls = Array.from({ length: LIST_LIMIT * 5 }, (_, n) => `https://s/${String(n).padStart(4, '0')}`);
  // Slot 1 has the first URLs in order: discarding it must bring slot 0's and slot 2's back into view.
  urls.forEach((url, n) => lists.add(n < LIST_LIMIT * 2 ? 1 : 2 - (n % 2) * 2, lock('NoAccess', url)));
  lists.add(1, lock('Unknown', 'https://u/1'));
  lists.add(0, lock('Unknown', 'https://u/0'));
  lists.discard(1);
  const { noAccess, unknownLock } = lists.done();
  expect(noAccess.total).toBe(LIST_LIMIT * 3);
  expect(noAccess.shown.map((r) => r.url)).toEqual(urls.slice(LIST_LIMIT * 2, LIST_LIMIT * 3));
  expect(unknownLock).toEqual({ total: 1, shown: [{ url: 'https://u/0', lockIssue: null }] });
});
