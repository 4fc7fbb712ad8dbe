// Elements to objects: the tokenizer's events (clixml-tokenizer.ts) become the PSValue graph of each
// top-level object (ps-value.ts), handed on as soon as the object closes, so memory holds one object at a
// time whatever the file's size. Element names: MS-PSRP 2.2.5 / REFERENCE.md §5 (clixml-tags.ts).
import { decodeClixmlEscapes } from './clixml-escapes.js';
import { FlatObjectReader } from './clixml-flat-object.js';
import { Kind, keepsTextOf, tagOf, toBoolean, type Converter, type Tag } from './clixml-tags.js';
import type { Attributes, Name, TokenHandlers, Tokenizer, Units } from './clixml-tokenizer.js';
import { PropertyNames, type PropertyName } from './property-names.js';
import { newObject, REDACTED, type PSObject, type PSValue } from './ps-value.js';
import { RefTable, refKeyOf, smallDecimalAt, type RefKey } from './ref-table.js';
import { NameTable } from './xml-names.js';

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
  return new Builder(options);
}

/** One open element. */
class Frame {
  kind: Kind = Kind.Ignored;
  convert: Converter | null = null;
  tag = '';
  /** Decoded `N` attribute: the property or key name. */
  name: string | null = null;
  /** `name` lower-cased: the key in the property map. */
  key: string | null = null;
  text = '';
  obj: PSObject | null = null;
  value: PSValue | undefined = undefined;
  typeNames: string[] | null = null;
  refId: string | null = null;
  /** An Obj's RefId, as the reference tables key it. */
  refKey: RefKey | null = null;
  entryKey: PSValue | undefined = undefined;
  line = 0;
  column = 0;

  /** Made ready for element `tag`; line and column are left as they are (only some elements set them). */
  reset(tag: string, property: PropertyName | null): void {
    this.kind = Kind.Ignored;
    this.convert = null;
    this.tag = tag;
    this.name = property === null ? null : property.name;
    this.key = property === null ? null : property.key;
    this.text = '';
    this.obj = null;
    this.value = undefined;
    this.typeNames = null;
    this.refId = null;
    this.refKey = null;
    this.entryKey = undefined;
  }
}

/** A primitive, Nil, SecureString or unknown element with a name and plain text can be read in one go (clixml-tokenizer.ts `leaf`). */
const leafAccepts = (name: Name): boolean => {
  const kind = tagOf(name).kind;
  return kind === Kind.Primitive || kind === Kind.Nil || kind === Kind.Secure || kind === Kind.Ignored;
};

/** Only the text of values and type names is kept (`text`): whitespace between other elements is not. */
const keepsText = (name: Name): boolean => keepsTextOf(tagOf(name).kind);

class Builder implements ObjectBuilder {
  readonly handlers: TokenHandlers;
  sawRoot = false;
  objects = 0;
  private readonly limits: ReaderLimits;
  private readonly fail: (message: string, line?: number, column?: number) => never;
  private readonly options: ObjectBuilderOptions;
  private readonly midFile: boolean;
  private tokenizer: Tokenizer | null = null;
  // Frames are reused by depth: one allocation per element was a large share of the scan's GC time.
  private readonly stack: Frame[] = [];
  private depth = 0;
  private readonly typeNameTable: Map<string, string[]>;
  private readonly refs: RefTable;
  private readonly propertyNames = new PropertyNames();
  // TNRef RefIds repeat on every object of a type: looked up by their units (xml-names.ts).
  private readonly typeRefIds = new NameTable();

  constructor(options: ObjectBuilderOptions) {
    this.limits = options.limits;
    this.fail = options.fail;
    this.options = options;
    this.midFile = options.midFile;
    this.typeNameTable = new Map<string, string[]>(options.typeNames);
    this.refs = new RefTable(options.limits.maxRefObjects);
    // Made once per builder; the tokenizer calls them as plain functions.
    this.handlers = {
      open: (name, attributes) => this.open(name, attributes),
      text: (start, end, decoded) => this.text(start, end, decoded),
      close: () => this.close(),
      leaf: { accepts: leafAccepts, read: (name, units, nStart, nEnd, textStart, textEnd) => this.readLeaf(name, units, nStart, nEnd, textStart, textEnd) },
      keepsText,
      records: options.limits.maxDepth >= 4 ? this.flatObjects() : undefined,
    };
  }

  /** Site-shaped objects, read in one go (clixml-flat-object.ts) with this builder's tables. */
  private flatObjects(): FlatObjectReader {
    return new FlatObjectReader({
      propertyNames: this.propertyNames,
      typeNameTable: this.typeNameTable,
      typeRefIds: this.typeRefIds,
      refs: this.refs,
      maxValueLength: this.limits.maxValueLength,
      tokenizer: () => this.tokenizer!,
      deliver: (value, line, column) => {
        this.objects++;
        this.options.onValue({ value, line, column });
      },
    });
  }

  get refObjects(): number {
    return this.refs.count;
  }

  attach(tokenizer: Tokenizer): void {
    this.tokenizer = tokenizer;
  }

  resumeInRoot(): void {
    // A part after the first starts inside the root element, as a whole read would be at that point.
    this.frameFor('Objs', null).kind = Kind.Root;
    this.depth++;
    this.sawRoot = true;
  }

  typeNames(): Array<[string, string[]]> {
    return [...this.typeNameTable];
  }

  openTag(): string | undefined {
    return this.stack[this.depth - 1]?.tag;
  }

  private open(name: Name, attributes: Attributes): void {
    if (this.depth >= this.limits.maxDepth) this.fail(`nesting deeper than ${this.limits.maxDepth} levels`);
    const tag = tagOf(name);
    const frame = this.frameFor(name.text, attributes.count === 0 ? null : this.propertyNames.ofAttributes(attributes, this.tokenizer!));
    // Positions are only reported for records (top-level objects) and broken references.
    if (this.depth === 1 || tag.kind === Kind.Ref) {
      const where = this.tokenizer!.position();
      frame.line = where.line;
      frame.column = where.column;
    }
    if (this.depth === 0) {
      if (name.text !== 'Objs') this.fail(`not a CLIXML export: the root element is <${name.text}>, expected <Objs> (written by Export-Clixml)`);
      this.sawRoot = true;
      frame.kind = Kind.Root;
    } else {
      this.openInside(frame, tag, attributes);
    }
    this.depth++;
  }

  /** The frame for depth `depth`, reset for element `name`. */
  private frameFor(name: string, property: PropertyName | null): Frame {
    let frame = this.stack[this.depth];
    if (frame === undefined) {
      frame = new Frame();
      this.stack[this.depth] = frame;
    }
    frame.reset(name, property);
    return frame;
  }

  /** What an element inside the root makes of its frame, by its kind. */
  private openInside(frame: Frame, tag: Tag, attributes: Attributes): void {
    const parent = this.stack[this.depth - 1];
    frame.kind = tag.kind;
    frame.convert = tag.convert;
    switch (tag.kind) {
      case Kind.Obj:
        frame.obj = newObject();
        frame.refKey = this.refKeyAttribute(attributes);
        break;
      case Kind.TN:
        frame.typeNames = [];
        frame.refId = this.refIdAttribute(attributes);
        break;
      case Kind.TNRef:
        this.openTypeRef(parent, attributes);
        break;
      case Kind.Members:
        // A member set inside a member set is a named property set: build it as its own object.
        frame.obj = parent.kind === Kind.Members ? newObject() : parent.obj;
        if (frame.obj === null) this.fail(`<${frame.tag}> outside an <Obj>`);
        break;
      case Kind.List:
        frame.obj = parent.obj;
        if (frame.obj === null) this.fail(`<${frame.tag}> outside an <Obj>`);
        frame.obj!.items ??= [];
        break;
      case Kind.Dict:
        frame.obj = parent.obj;
        if (frame.obj === null) this.fail('<DCT> outside an <Obj>');
        frame.obj!.entries ??= [];
        break;
      case Kind.Entry:
        if (parent.kind !== Kind.Dict) this.fail('<En> outside a <DCT>');
        frame.obj = parent.obj;
        break;
      case Kind.Ref:
        frame.refId = this.refIdAttribute(attributes) ?? '';
        break;
      default:
        break;
    }
  }

  /** A `<TNRef>`: the type names of an earlier `<TN>` are the enclosing object's. */
  private openTypeRef(parent: Frame, attributes: Attributes): void {
    const refId = this.typeRefAttribute(attributes);
    const typeNames = this.typeNameTable.get(refId ?? '');
    if (typeNames === undefined) this.fail(`<TNRef RefId="${refId ?? ''}"> refers to no earlier <TN>`);
    if (parent.obj !== null) (parent.obj as { typeNames: readonly string[] }).typeNames = typeNames!;
  }

  private text(start: number, end: number, decoded: string | null): void {
    const top = this.stack[this.depth - 1];
    if (top === undefined || !keepsTextOf(top.kind)) return; // whitespace between elements, SS content
    top.text = top.text === '' && decoded === null ? this.textAt(start, end, top.convert) : top.text + (decoded ?? this.tokenizer!.textOf(start, end));
    if (top.text.length > this.limits.maxValueLength) this.fail(`a <${top.tag}> value is longer than ${this.limits.maxValueLength} characters`);
  }

  /** The text of units [start, end); a boolean spelled as booleans always are needs no string of its own (three a site). */
  private textAt(start: number, end: number, convert: Converter | null): string {
    const tokenizer = this.tokenizer!;
    if (convert === toBoolean) {
      if (tokenizer.textIs(start, end, 'false')) return 'false';
      if (tokenizer.textIs(start, end, 'true')) return 'true';
    }
    return tokenizer.textOf(start, end);
  }

  /** An element `leafAccepts`, read in one go: name units [nStart, nEnd), plain text [textStart, textEnd). */
  private readLeaf(name: Name, units: Units, nStart: number, nEnd: number, textStart: number, textEnd: number): void {
    if (this.depth >= this.limits.maxDepth) this.fail(`nesting deeper than ${this.limits.maxDepth} levels`);
    const tag = tagOf(name);
    if (tag.kind === Kind.Ignored) return;
    const property = this.propertyNames.at(units, nStart, nEnd, this.tokenizer!);
    let value: PSValue;
    if (tag.kind === Kind.Primitive) {
      const text = textStart === textEnd ? '' : this.textAt(textStart, textEnd, tag.convert);
      if (text.length > this.limits.maxValueLength) this.fail(`a <${name.text}> value is longer than ${this.limits.maxValueLength} characters`);
      value = tag.convert!(text);
    } else value = tag.kind === Kind.Nil ? null : REDACTED;
    this.attachTo(value, name.text, property.name, property.key, null, 0, 0);
  }

  private close(): void {
    const frame = this.stack[--this.depth];
    const parent = this.stack[this.depth - 1];
    switch (frame.kind) {
      case Kind.T:
        parent.typeNames?.push(decodeClixmlEscapes(frame.text));
        return;
      case Kind.ToString:
        if (parent.obj !== null) parent.obj.toString = decodeClixmlEscapes(frame.text);
        return;
      case Kind.Primitive:
        this.attachFrame(frame.convert!(frame.text), frame);
        return;
      case Kind.Obj:
        this.refs.remember(frame.refKey, frame.obj!);
        this.attachFrame(frame.obj!, frame);
        return;
      case Kind.TN:
        if (frame.refId !== null) this.typeNameTable.set(frame.refId, frame.typeNames!);
        if (parent.obj !== null) (parent.obj as { typeNames: readonly string[] }).typeNames = frame.typeNames!;
        return;
      case Kind.Members:
        if (frame.obj !== parent.obj) this.attachFrame(frame.obj!, frame); // a nested, named property set
        return;
      case Kind.Entry:
        frame.obj!.entries!.push([frame.entryKey ?? null, frame.value ?? null]);
        return;
      case Kind.Secure:
        this.attachFrame(REDACTED, frame);
        return;
      case Kind.Nil:
        this.attachFrame(null, frame);
        return;
      case Kind.Ref:
        this.attachFrame(this.resolve(frame), frame);
        return;
      default:
        return;
    }
  }

  /** The object a `<Ref>` points back to; failing when it is out of reach. */
  private resolve(frame: Frame): PSObject {
    const target = this.refs.recall(frame.refId!);
    if (target !== undefined) return target;
    const { maxRefObjects } = this.limits;
    // A part that starts mid-file does not know the objects before it.
    if (this.midFile && this.refs.count < maxRefObjects) this.fail(`<Ref RefId="${frame.refId}"> may refer to an object before this part of the file`, frame.line, frame.column);
    return this.fail(`<Ref RefId="${frame.refId}"> refers to no object in reach (unknown, or more than ${maxRefObjects} objects back)`, frame.line, frame.column);
  }

  private attachFrame(value: PSValue, frame: Frame): void {
    this.attachTo(value, frame.tag, frame.name, frame.key, frame.obj, frame.line, frame.column);
  }

  /** `value` into the element open at depth - 1, as the child `tag` named `name` (`key` lower-cased). */
  private attachTo(value: PSValue, tag: string, name: string | null, key: string | null, obj: PSObject | null, line: number, column: number): void {
    const parent = this.stack[this.depth - 1];
    switch (parent.kind) {
      case Kind.Root:
        this.objects++;
        this.options.onValue({ value, line, column });
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
  }

  private refIdIndex(attributes: Attributes): number {
    for (let i = 0; i < attributes.count; i++) if (attributes.names[i].text === 'RefId') return i;
    return -1;
  }

  private refIdAttribute(attributes: Attributes): string | null {
    const i = this.refIdIndex(attributes);
    return i === -1 ? null : attributes.texts[i] ?? this.tokenizer!.textOf(attributes.starts[i], attributes.ends[i]);
  }

  /** An Obj's RefId as a key: a small decimal read from its units, without a string. */
  private refKeyAttribute(attributes: Attributes): RefKey | null {
    const i = this.refIdIndex(attributes);
    if (i === -1) return null;
    const start = attributes.starts[i];
    const end = attributes.ends[i];
    if (attributes.texts[i] === null) {
      const value = smallDecimalAt(attributes.units, start, end);
      if (value >= 0) return value;
    }
    return refKeyOf(attributes.texts[i] ?? this.tokenizer!.textOf(start, end));
  }

  private typeRefAttribute(attributes: Attributes): string | null {
    const i = this.refIdIndex(attributes);
    if (i === -1 || attributes.texts[i] !== null) return i === -1 ? null : attributes.texts[i];
    const start = attributes.starts[i];
    const end = attributes.ends[i];
    return (this.typeRefIds.find(attributes.units, start, end) ?? this.typeRefIds.add(attributes.units, start, end, this.tokenizer!.textOf(start, end))).text;
  }
}
