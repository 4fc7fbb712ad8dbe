// REFERENCE.md §4: a server SPSite has no LockState property; derive it from the booleans in this order.
// A missing ReadLocked is "Unknown", never Unlock: SPSite.ReadLocked throws on exactly the No Access sites.
import type { SiteCollectionRecord } from './model.js';

export const LOCK_STATES = ['NoAccess', 'ReadOnly', 'NoAdditions', 'Unknown', 'Unlock'] as const;
export type LockState = (typeof LOCK_STATES)[number];

export function lockState(site: Pick<SiteCollectionRecord, 'readLocked' | 'readOnly' | 'writeLocked'>): LockState {
  if (site.readLocked === true) return 'NoAccess';
  if (site.readOnly === true) return 'ReadOnly';
  if (site.writeLocked === true) return 'NoAdditions';
  if (site.readLocked === null) return 'Unknown';
  return 'Unlock';
}
