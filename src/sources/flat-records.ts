// A site's record straight from a FlatObject's slots (flat-object.ts), without a property Map. Whether
// objects of a shape and type names are sites is worked out once, by the rules of records.ts toRecord,
// which reads every other object (and these too, when they are not sites).
import type { Origin, SiteCollectionRecord } from '../model.js';
import type { FlatObject, Shape } from './flat-object.js';
import { emptyToNull } from './kept-text.js';
import { asBoolean, asText, hasTypeName, newObject, type PSValue } from './ps-value.js';

/** The slot of each field a site reads, -1 where the object has none of its names. */
interface SitePlan {
  id: number;
  url: number;
  readLocked: number;
  writeLocked: number;
  readOnly: number;
  lockIssue: number;
  contentDatabase: number;
  contentDatabaseReadOnly: number;
}

export const SITE_LOCK_PROPS = ['readlocked', 'isreadlocked', 'writelocked', 'readonly', 'lockissue'];

/** The record of a site-shaped object, or null when toRecord should read it. */
export function flatSite(obj: FlatObject, origin: Origin): SiteCollectionRecord | null {
  const { shape, values } = obj;
  let plan = shape.plans.get(obj.typeNames) as SitePlan | null | undefined;
  if (plan === undefined) {
    plan = sitePlan(shape, obj.typeNames);
    shape.plans.set(obj.typeNames, plan);
  }
  if (plan === null) return null;
  // The fields in records.ts toSite's order: records are compared as JSON.
  return {
    kind: 'siteCollection',
    origin,
    id: asText(at(values, plan.id)),
    url: asText(at(values, plan.url)) ?? '',
    readLocked: asBoolean(at(values, plan.readLocked)),
    writeLocked: asBoolean(at(values, plan.writeLocked)),
    readOnly: asBoolean(at(values, plan.readOnly)),
    lockIssue: asText(at(values, plan.lockIssue)),
    contentDatabase: emptyToNull(asText(at(values, plan.contentDatabase))),
    contentDatabaseReadOnly: asBoolean(at(values, plan.contentDatabaseReadOnly)),
  };
}

const at = (values: readonly PSValue[], slot: number): PSValue | undefined => (slot === -1 ? undefined : values[slot]);

/**
 * toRecord's tests, in its order, up to the site: a flat object's values are never objects (so never a
 * TargetApplication wrapper), and whether it has a property is its shape's.
 */
function sitePlan(shape: Shape, typeNames: readonly string[]): SitePlan | null {
  const typed = newObject(typeNames);
  const has = (key: string) => shape.has(key);
  if (has('applicationid') && (has('type') || has('applicationtype') || hasTypeName(typed, 'TargetApplication'))) return null;
  if (!has('url') || !(SITE_LOCK_PROPS.some(has) || hasTypeName(typed, 'SPSite') || hasTypeName(typed, 'SPSiteAdministration'))) return null;
  const slot = (first: string, second?: string) => (has(first) || second === undefined ? shape.slotOf(first) : shape.slotOf(second));
  return {
    id: slot('id', 'siteid'),
    url: slot('url'),
    readLocked: slot('readlocked', 'isreadlocked'),
    writeLocked: slot('writelocked'),
    readOnly: slot('readonly'),
    lockIssue: slot('lockissue'),
    contentDatabase: slot('contentdatabase'),
    contentDatabaseReadOnly: slot('contentdatabasereadonly'),
  };
}
