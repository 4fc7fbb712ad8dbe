// What each CLIXML element name means to the object builder (clixml-objects.ts): its kind and, for a
// primitive, how its text becomes a value. Element names: MS-PSRP 2.2.5 / REFERENCE.md §5.
import { decodeClixmlEscapes } from './clixml-escapes.js';
import type { PSPrimitive } from './ps-value.js';
import type { Name } from './xml-names.js';

export type Converter = (text: string) => PSPrimitive;

const toNumber: Converter = (text) => {
  const n = Number(text);
  return Number.isNaN(n) ? text : n;
};
const toBigNumber: Converter = (text) => {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text; // keep 64-bit values exact as text
};
const toText: Converter = (text) => text;
const toDecodedText: Converter = (text) => decodeClixmlEscapes(text);

export const toBoolean: Converter = (text) => text.trim() === 'true';

const PRIMITIVES: ReadonlyMap<string, Converter> = new Map<string, Converter>([
  ['S', toDecodedText],
  ['C', (text) => String.fromCharCode(Number(text))],
  ['B', toBoolean],
  ['DT', toText],
  ['TS', toText],
  ['By', toNumber],
  ['SB', toNumber],
  ['U16', toNumber],
  ['I16', toNumber],
  ['U32', toNumber],
  ['I32', toNumber],
  ['U64', toBigNumber],
  ['I64', toBigNumber],
  ['Sg', toNumber],
  ['Db', toNumber],
  ['D', toText],
  ['BA', toText],
  ['G', toText],
  ['URI', toDecodedText],
  ['Version', toText],
  ['XD', toDecodedText],
  ['SBK', toDecodedText],
  ['SemanticVersion', toText],
]);

// An object of numbers rather than a const enum: with isolatedModules no other module could inline a
// const enum's members anyway (the builder's switches read them either way; measured no slower).
export const Kind = {
  Root: 0,
  Obj: 1,
  TN: 2,
  T: 3,
  TNRef: 4,
  ToString: 5,
  Primitive: 6, // S, I32, B, …: collect text, convert on close
  Members: 7, // Props, MS
  List: 8,
  Dict: 9,
  Entry: 10,
  Secure: 11,
  Nil: 12,
  Ref: 13,
  Ignored: 14, // unknown elements: contribute nothing
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export interface Tag {
  kind: Kind;
  convert: Converter | null;
}

// What each element name means; worked out once per name and kept on it (xml-names.ts).
const TAGS = new Map<string, Tag>([
  ...[...PRIMITIVES].map(([tag, convert]) => [tag, { kind: Kind.Primitive, convert }] as const),
  ...(
    [
      ['Obj', Kind.Obj],
      ['TN', Kind.TN],
      ['T', Kind.T],
      ['TNRef', Kind.TNRef],
      ['ToString', Kind.ToString],
      ['Props', Kind.Members],
      ['MS', Kind.Members],
      ['LST', Kind.List],
      ['IE', Kind.List],
      ['STK', Kind.List],
      ['QUE', Kind.List],
      ['DCT', Kind.Dict],
      ['En', Kind.Entry],
      ['SS', Kind.Secure],
      ['Nil', Kind.Nil],
      ['Ref', Kind.Ref],
    ] as const
  ).map(([tag, kind]) => [tag, { kind, convert: null }] as const),
]);
const UNKNOWN_TAG: Tag = { kind: Kind.Ignored, convert: null };

/** The names of elements that hold one value and nothing else: primitives, Nil, SecureString. */
export const leafTagNames = (): string[] => [...TAGS].filter(([, tag]) => tag.kind === Kind.Primitive || tag.kind === Kind.Nil || tag.kind === Kind.Secure).map(([text]) => text);

export const tagOf = (name: Name): Tag => (name.meaning ??= TAGS.get(name.text) ?? UNKNOWN_TAG) as Tag;

/** Kinds whose own text is their value: a primitive's, a type name's, a ToString's. */
export const keepsTextOf = (kind: Kind): boolean => kind === Kind.Primitive || kind === Kind.T || kind === Kind.ToString;
