// Elements to objects: the tokenizer's events (clixml-tokenizer.ts) become the PSValue graph of each
// top-level object (ps-value.ts), handed on as soon as the object closes, so memory holds one object at a
// time whatever the file's size. Element names: MS-PSRP 2.2.5 / REFERENCE.md §5.
import { decodeClixmlEscapes } from './clixml-escapes.js';
import type { Attributes, Name, TokenHandlers, Tokenizer, Units } from './clixml-tokenizer.js';
import { NameTable } from './xml-names.js';
import { newObject, REDACTED, type PSObject, type PSPrimitive, type PSValue } from './ps-value.js';

export interface ReaderLimits {
  /** Deeper nesting is refused: recursive consumers would overflow the stack. */
  maxDepth: number;
  /** Longest text of one value, in UTF-16 units. */
  maxValueLength: number;
  /**
   * How far back a `<Ref>` reaches: the last this many objects that carry a RefId; older ones are forgotten
   * so memory stays flat. Kept small on purpose: an object held across two young-generation GCs is
   * promoted, and promoting every site object made the heap grow to 400+ MB on a million sites.
   */
  maxRefObjects: number;
}

export const DEFAULT_LIMITS: ReaderLimits = { maxDepth: 256, maxValueLength: 4 * 1024 * 1024, maxRefObjects: 1_000 };

export interface TopLevelValue {
  value: PSValue;
  line: number;
  column: number;
}

type Converter = (text: string) => PSPrimitive;

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

const toBoolean: Converter = (text) => text.trim() === 'true';

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

const enum Kind {
  Root,
  Obj,
  TN,
  T,
  TNRef,
  ToString,
  Primitive, // S, I32, B, …: collect text, convert on close
  Members, // Props, MS
  List,
  Dict,
  Entry,
  Secure,
  Nil,
  Ref,
  Ignored, // unknown elements: contribute nothing
}

interface Tag {
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

const tagOf = (name: Name): Tag => (name.meaning ??= TAGS.get(name.text) ?? UNKNOWN_TAG) as Tag;

interface Frame {
  kind: Kind;
  convert: Converter | null;
  tag: string;
  /** Decoded `N` attribute: the property or key name. */
  name: string | null;
  /** `name` lower-cased: the key in the property map. */
  key: string | null;
  text: string;
  obj: PSObject | null;
  value: PSValue | undefined;
  typeNames: string[] | null;
  refId: string | null;
  /** An Obj's RefId, as the reference tables key it. */
  refKey: RefKey | null;
  entryKey: PSValue | undefined;
  line: number;
  column: number;
}

/** A RefId as the reference tables keep it: a small decimal as its number (no string to make), else its text. */
type RefKey = number | string;
const refKeyOf = (refId: string): RefKey => (/^(?:0|[1-9][0-9]{0,8})$/.test(refId) ? Number(refId) : refId);

interface Remembered {
  obj: PSObject;
  /** Objects with a RefId read before this one. */
  n: number;
}

interface PropertyName {
  name: string;
  key: string;
}

export interface ObjectBuilderOptions {
  limits: ReaderLimits;
  /** Reports a problem in the file; never returns. Without a position: where the tokenizer stands. */
  fail(message: string, line?: number, column?: number): never;
  onValue(value: TopLevelValue): void;
  /** Type names declared before this part of a file (prefix-facts.ts). */
  typeNames?: Iterable<[string, string[]]>;
  /** True for a part of a file that starts mid-file: a `<Ref>` it cannot resolve may point before it. */
  midFile: boolean;
}

export interface ObjectBuilder {
  handlers: TokenHandlers;
  /** Set once the tokenizer exists: positions and the text of ranges come from it. */
  attach(tokenizer: Tokenizer): void;
  /** Opens the root, as a reading from the file's start would have at this point (a part of a split file). */
  resumeInRoot(): void;
  readonly sawRoot: boolean;
  readonly objects: number;
  /** Objects with a RefId read so far. */
  readonly refObjects: number;
  typeNames(): Array<[string, string[]]>;
  /** The element being read, if any: what a value that is too long is in. */
  openTag(): string | undefined;
}

export function createObjectBuilder(options: ObjectBuilderOptions): ObjectBuilder {
  const { limits, fail } = options;
  let tokenizer: Tokenizer | null = null;
  const position = () => tokenizer!.position();
  // Frames are reused by depth: one allocation per element was a large share of the scan's GC time.
  const stack: Frame[] = [];
  let depth = 0;
  const typeNameTable = new Map<string, string[]>(options.typeNames);
  let sawRoot = false;
  let objects = 0;

  // Two generations of RefIds, which hold at least the last maxRefObjects objects; forgetting is dropping a
  // whole Map (cheaper than evicting one entry at a time). Each entry has its object's number, so the reach
  // is exactly maxRefObjects wherever the reading started (a part of a split file reaches as far as a whole read).
  let refTable = new Map<RefKey, Remembered>();
  let refOld = new Map<RefKey, Remembered>();
  let refObjects = 0;
  const remember = (refId: RefKey | null, obj: PSObject) => {
    if (refId === null) return;
    if (refTable.size >= limits.maxRefObjects) {
      refOld = refTable;
      refTable = new Map();
    }
    refTable.set(refId, { obj, n: refObjects++ });
  };
  const recall = (refId: string): PSObject | undefined => {
    const key = refKeyOf(refId);
    const hit = refTable.get(key) ?? refOld.get(key);
    return hit !== undefined && refObjects - hit.n <= limits.maxRefObjects ? hit.obj : undefined;
  };

  // Property names repeat on every object: decode and lower-case each once (by its units, xml-names.ts).
  const propertyNames = new NameTable();
  const spelledNames = new Map<string, PropertyName>(); // names whose units are not their text (references)
  const propertyName = (raw: string): PropertyName => {
    const name = decodeClixmlEscapes(raw);
    return { name, key: name.toLowerCase() };
  };
  const nameAttribute = (attributes: Attributes): PropertyName | null => {
    for (let i = 0; i < attributes.count; i++) {
      if (attributes.names[i].text !== 'N') continue;
      const spelled = attributes.texts[i];
      if (spelled !== null) {
        let known = spelledNames.get(spelled);
        if (known === undefined) {
          known = propertyName(spelled);
          if (spelledNames.size >= 4096) spelledNames.clear();
          spelledNames.set(spelled, known);
        }
        return known;
      }
      return propertyNameAt(attributes.units, attributes.starts[i], attributes.ends[i]);
    }
    return null;
  };
  const propertyNameAt = (units: Units, start: number, end: number): PropertyName => {
    const name = propertyNames.find(units, start, end) ?? propertyNames.add(units, start, end, tokenizer!.textOf(start, end));
    return (name.meaning ??= propertyName(name.text)) as PropertyName;
  };
  const refIdIndex = (attributes: Attributes): number => {
    for (let i = 0; i < attributes.count; i++) if (attributes.names[i].text === 'RefId') return i;
    return -1;
  };
  const refIdAttribute = (attributes: Attributes): string | null => {
    const i = refIdIndex(attributes);
    return i === -1 ? null : attributes.texts[i] ?? tokenizer!.textOf(attributes.starts[i], attributes.ends[i]);
  };
  /** An Obj's RefId as a key: a small decimal read from its units, without a string. */
  const refKeyAttribute = (attributes: Attributes): RefKey | null => {
    const i = refIdIndex(attributes);
    if (i === -1) return null;
    const [start, end, units] = [attributes.starts[i], attributes.ends[i], attributes.units];
    if (attributes.texts[i] === null && end > start && end - start <= 9 && (units[start] !== 0x30 || end - start === 1)) {
      let value = 0;
      for (let k = start; k < end && value >= 0; k++) value = units[k] >= 0x30 && units[k] <= 0x39 ? value * 10 + units[k] - 0x30 : -1;
      if (value >= 0) return value;
    }
    return refKeyOf(attributes.texts[i] ?? tokenizer!.textOf(start, end));
  };
  // TNRef RefIds repeat on every object of a type: looked up by their units (xml-names.ts).
  const typeRefIds = new NameTable();
  const typeRefAttribute = (attributes: Attributes): string | null => {
    const i = refIdIndex(attributes);
    if (i === -1 || attributes.texts[i] !== null) return i === -1 ? null : attributes.texts[i];
    const [start, end, units] = [attributes.starts[i], attributes.ends[i], attributes.units];
    return (typeRefIds.find(units, start, end) ?? typeRefIds.add(units, start, end, tokenizer!.textOf(start, end))).text;
  };

  /** `value` into the element open at depth - 1, as the child `tag` named `name` (`key` lower-cased). */
  const attachTo = (value: PSValue, tag: string, name: string | null, key: string | null, obj: PSObject | null, line: number, column: number) => {
    const parent = stack[depth - 1];
    switch (parent.kind) {
      case Kind.Root:
        objects++;
        options.onValue({ value, line, column });
        return;
      case Kind.Members:
        if (key !== null) parent.obj!.props.set(key, value);
        else if (obj !== null && tag === 'MS') {
          // An unnamed nested member set: its members belong to the enclosing object.
          for (const [k, v] of obj.props) parent.obj!.props.set(k, v);
        }
        return;
      case Kind.List:
        parent.obj!.items!.push(value);
        return;
      case Kind.Entry:
        if (name === 'Key') parent.entryKey = value;
        else if (name === 'Value') parent.value = value;
        return;
      case Kind.Obj:
        // A primitive inside an Obj is its wrapped value (an enum's number, a boxed string).
        if (name === null && typeof value !== 'object') parent.obj!.value = value;
        else if (key !== null) parent.obj!.props.set(key, value);
        return;
      default:
        return;
    }
  };
  const attach = (value: PSValue, frame: Frame) => attachTo(value, frame.tag, frame.name, frame.key, frame.obj, frame.line, frame.column);

  /** The frame for depth `depth`, reset for element `name`. */
  const frameFor = (name: string, property: PropertyName | null): Frame => {
    let frame = stack[depth];
    if (frame === undefined) {
      frame = { kind: Kind.Ignored, convert: null, tag: '', name: null, key: null, text: '', obj: null, value: undefined, typeNames: null, refId: null, refKey: null, entryKey: undefined, line: 0, column: 0 };
      stack[depth] = frame;
    }
    frame.kind = Kind.Ignored;
    frame.convert = null;
    frame.tag = name;
    frame.name = property === null ? null : property.name;
    frame.key = property === null ? null : property.key;
    frame.text = '';
    frame.obj = null;
    frame.value = undefined;
    frame.typeNames = null;
    frame.refId = null;
    frame.refKey = null;
    frame.entryKey = undefined;
    return frame;
  };

  /** What an element inside the root makes of its frame, by its kind. */
  const openInside = (frame: Frame, tag: Tag, attributes: Attributes) => {
    const parent = stack[depth - 1];
    const name = frame.tag;
    frame.kind = tag.kind;
    frame.convert = tag.convert;
    switch (tag.kind) {
      case Kind.Obj:
        frame.obj = newObject();
        frame.refKey = refKeyAttribute(attributes);
        break;
      case Kind.TN:
        frame.typeNames = [];
        frame.refId = refIdAttribute(attributes);
        break;
      case Kind.TNRef: {
        const refId = typeRefAttribute(attributes);
        const typeNames = typeNameTable.get(refId ?? '');
        if (typeNames === undefined) fail(`<TNRef RefId="${refId ?? ''}"> refers to no earlier <TN>`);
        if (parent.obj !== null) (parent.obj as { typeNames: readonly string[] }).typeNames = typeNames!;
        break;
      }
      case Kind.Members:
        // A member set inside a member set is a named property set: build it as its own object.
        frame.obj = parent.kind === Kind.Members ? newObject() : parent.obj;
        if (frame.obj === null) fail(`<${name}> outside an <Obj>`);
        break;
      case Kind.List:
        frame.obj = parent.obj;
        if (frame.obj === null) fail(`<${name}> outside an <Obj>`);
        frame.obj!.items ??= [];
        break;
      case Kind.Dict:
        frame.obj = parent.obj;
        if (frame.obj === null) fail('<DCT> outside an <Obj>');
        frame.obj!.entries ??= [];
        break;
      case Kind.Entry:
        if (parent.kind !== Kind.Dict) fail('<En> outside a <DCT>');
        frame.obj = parent.obj;
        break;
      case Kind.Ref:
        frame.refId = refIdAttribute(attributes) ?? '';
        break;
      default:
        break;
    }
  };

  const open = (name: Name, attributes: Attributes) => {
    if (depth >= limits.maxDepth) fail(`nesting deeper than ${limits.maxDepth} levels`);
    const tag = tagOf(name);
    const frame = frameFor(name.text, attributes.count === 0 ? null : nameAttribute(attributes));
    // Positions are only reported for records (top-level objects) and broken references.
    if (depth === 1 || tag.kind === Kind.Ref) {
      const where = position();
      frame.line = where.line;
      frame.column = where.column;
    }
    if (depth === 0) {
      if (name.text !== 'Objs') fail(`not a CLIXML export: the root element is <${name.text}>, expected <Objs> (written by Export-Clixml)`);
      sawRoot = true;
      frame.kind = Kind.Root;
    } else {
      openInside(frame, tag, attributes);
    }
    depth++;
  };

  /** The text of units [start, end); a boolean spelled as booleans always are needs no string of its own (three a site). */
  const textAt = (start: number, end: number, convert: Converter | null): string => {
    if (convert === toBoolean) {
      if (tokenizer!.textIs(start, end, 'false')) return 'false';
      if (tokenizer!.textIs(start, end, 'true')) return 'true';
    }
    return tokenizer!.textOf(start, end);
  };

  const text = (start: number, end: number, decoded: string | null) => {
    const top = stack[depth - 1];
    if (top === undefined || (top.kind !== Kind.Primitive && top.kind !== Kind.T && top.kind !== Kind.ToString)) return; // whitespace between elements, SS content
    top.text = top.text === '' && decoded === null ? textAt(start, end, top.convert) : top.text + (decoded ?? tokenizer!.textOf(start, end));
    if (top.text.length > limits.maxValueLength) fail(`a <${top.tag}> value is longer than ${limits.maxValueLength} characters`);
  };

  /** Only the text of values and type names is kept (`text`): whitespace between other elements is not. */
  const keepsText = (name: Name): boolean => {
    const kind = tagOf(name).kind;
    return kind === Kind.Primitive || kind === Kind.T || kind === Kind.ToString;
  };

  /** A primitive, Nil, SecureString or unknown element with a name and plain text, read in one go (clixml-tokenizer.ts `leaf`). */
  const leaf = {
    accepts(name: Name): boolean {
      const kind = tagOf(name).kind;
      return kind === Kind.Primitive || kind === Kind.Nil || kind === Kind.Secure || kind === Kind.Ignored;
    },
    read(name: Name, units: Units, nStart: number, nEnd: number, textStart: number, textEnd: number): void {
      if (depth >= limits.maxDepth) fail(`nesting deeper than ${limits.maxDepth} levels`);
      const tag = tagOf(name);
      if (tag.kind === Kind.Ignored) return;
      const property = propertyNameAt(units, nStart, nEnd);
      let value: PSValue;
      if (tag.kind === Kind.Primitive) {
        const text = textStart === textEnd ? '' : textAt(textStart, textEnd, tag.convert);
        if (text.length > limits.maxValueLength) fail(`a <${name.text}> value is longer than ${limits.maxValueLength} characters`);
        value = tag.convert!(text);
      } else value = tag.kind === Kind.Nil ? null : REDACTED;
      attachTo(value, name.text, property.name, property.key, null, 0, 0);
    },
  };

  const close = () => {
    const frame = stack[--depth];
    const parent = stack[depth - 1];
    switch (frame.kind) {
      case Kind.T:
        parent.typeNames?.push(decodeClixmlEscapes(frame.text));
        return;
      case Kind.ToString:
        if (parent.obj !== null) parent.obj.toString = decodeClixmlEscapes(frame.text);
        return;
      case Kind.Primitive:
        attach(frame.convert!(frame.text), frame);
        return;
      case Kind.Obj:
        remember(frame.refKey, frame.obj!);
        attach(frame.obj!, frame);
        return;
      case Kind.TN:
        if (frame.refId !== null) typeNameTable.set(frame.refId, frame.typeNames!);
        if (parent.obj !== null) (parent.obj as { typeNames: readonly string[] }).typeNames = frame.typeNames!;
        return;
      case Kind.Members:
        if (frame.obj !== parent.obj) attach(frame.obj!, frame); // a nested, named property set
        return;
      case Kind.Entry:
        frame.obj!.entries!.push([frame.entryKey ?? null, frame.value ?? null]);
        return;
      case Kind.Secure:
        attach(REDACTED, frame);
        return;
      case Kind.Nil:
        attach(null, frame);
        return;
      case Kind.Ref: {
        const target = recall(frame.refId!);
        // A part that starts mid-file does not know the objects before it.
        if (target === undefined && options.midFile && refObjects < limits.maxRefObjects) fail(`<Ref RefId="${frame.refId}"> may refer to an object before this part of the file`, frame.line, frame.column);
        if (target === undefined) fail(`<Ref RefId="${frame.refId}"> refers to no object in reach (unknown, or more than ${limits.maxRefObjects} objects back)`, frame.line, frame.column);
        attach(target!, frame);
        return;
      }
      default:
        return;
    }
  };

  return {
    handlers: { open, text, close, leaf, keepsText },
    attach(t) {
      tokenizer = t;
    },
    resumeInRoot() {
      // A part after the first starts inside the root element, as a whole read would be at that point.
      frameFor('Objs', null).kind = Kind.Root;
      depth++;
      sawRoot = true;
    },
    get sawRoot() {
      return sawRoot;
    },
    get objects() {
      return objects;
    },
    get refObjects() {
      return refObjects;
    },
    typeNames: () => [...typeNameTable],
    openTag: () => stack[depth - 1]?.tag,
  };
}
