// The generic value model of a deserialized CLIXML object graph. Property bags are Maps keyed by the
// lower-cased property name (PowerShell names are case-insensitive), so a name such as `__proto__` is
// plain data and can never reach a prototype.

/** A SecureString (`<SS>`): its content is never read, decoded or copied anywhere. */
export const REDACTED: unique symbol = Symbol('farmscan.redacted');
export type Redacted = typeof REDACTED;

export type PSPrimitive = string | number | boolean | null | Redacted;
export type PSValue = PSPrimitive | PSObject;

export interface PSObject {
  readonly typeNames: readonly string[];
  readonly props: Map<string, PSValue>;
  toString: string | null;
  /** The wrapped primitive of an enum (`<I32>`) or of a boxed value. */
  value: PSPrimitive | undefined;
  /** LST / IE / STK / QUE items, in order. */
  items: PSValue[] | null;
  /** DCT entries, in order. */
  entries: Array<[PSValue, PSValue]> | null;
}

export function newObject(typeNames: readonly string[] = []): PSObject {
  return { typeNames, props: new Map(), toString: null, value: undefined, items: null, entries: null };
}

export function isObject(value: PSValue | undefined): value is PSObject {
  return typeof value === 'object' && value !== null;
}

/** True when one of the object's type names ends with `name` (also matches `Deserialized.` names). */
export function hasTypeName(value: PSObject, name: string): boolean {
  return value.typeNames.some((t) => t === name || t.endsWith(`.${name}`));
}

// Property names asked for are a small fixed set: lower-case each once, not once per record.
const lowerCache = new Map<string, string>();
const lower = (name: string): string => {
  let cached = lowerCache.get(name);
  if (cached === undefined) {
    cached = name.toLowerCase();
    if (lowerCache.size < 1024) lowerCache.set(name, cached);
  }
  return cached;
};

/** The first of up to three names (case-insensitive) the object has a value for. Fixed parameters, not
 * `...names`: this runs several times per record, and a rest array per call showed in a million-site profile. */
export function getProp(value: PSValue | undefined, first: string, second?: string, third?: string): PSValue | undefined {
  if (!isObject(value)) return undefined;
  const props = value.props;
  const found = props.get(lower(first));
  if (found !== undefined || second === undefined) return found;
  // A Nil value is null, and found: only a missing name (undefined) moves on to the next one.
  const next = props.get(lower(second));
  if (next !== undefined || third === undefined) return next;
  return props.get(lower(third));
}

/**
 * getProp for names already lower-cased (`'url'`, `'readlocked'`): the records' own lookups, a dozen a
 * site, without a cache lookup per name (4% of a million-site scan, measured).
 */
export function propOf(value: PSValue | undefined, first: string, second?: string, third?: string): PSValue | undefined {
  if (!isObject(value)) return undefined;
  const props = value.props;
  const found = props.get(first);
  if (found !== undefined || second === undefined) return found;
  const next = props.get(second);
  if (next !== undefined || third === undefined) return next;
  return props.get(third);
}

/** True when the object has a value for `name` (case-insensitive). */
export function hasProp(value: PSObject, name: string): boolean {
  return value.props.has(lower(name));
}

/** A property's text: strings as they are, enums by their ToString name, numbers and booleans printed. */
export function asText(value: PSValue | undefined): string | null {
  if (value === undefined || value === null || value === REDACTED) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value.toString !== null) return value.toString;
  if (value.value !== undefined) return asText(value.value);
  return null;
}

export function asBoolean(value: PSValue | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  if (isObject(value) && value.value !== undefined) return asBoolean(value.value);
  return null;
}

export function asInteger(value: PSValue | undefined): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : null;
  }
  if (isObject(value) && value.value !== undefined) return asInteger(value.value);
  return null;
}

/** The items of a list-valued property; a single object counts as a list of one. */
export function asList(value: PSValue | undefined): PSValue[] | null {
  if (value === undefined || value === null) return null;
  if (isObject(value) && value.items !== null) return value.items;
  if (isObject(value)) return [value];
  return null;
}
