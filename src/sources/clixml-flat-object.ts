// A top-level `<Obj>` as Export-Clixml writes a site (issue 14): type names (`<TNRef>`, or a `<TN>` of
// plain `<T>`s), then one `<MS>` of leaves such as `<S N="Url">…</S>` and `<Nil N="LockIssue" />`, each on
// a line of its own. Such an object is read in one pass over its bytes, with no event per element and no
// frame. Anything else (a reference, a nested object, a value to decode, a line not laid out so) is left
// to the general reading, which reports errors where they are: this pass only accepts what that reading
// reads without a problem, and makes the same value of it.
import { decodeClixmlEscapes } from './clixml-escapes.js';
import { Kind, leafTagNames, tagOf, toBoolean, type Converter } from './clixml-tags.js';
import type { Tokenizer } from './clixml-tokenizer.js';
import type { PropertyNames } from './property-names.js';
import { FlatObject, Shapes } from './flat-object.js';
import { REDACTED, type PSValue, type PSObject } from './ps-value.js';
import { smallDecimalAt, type RefTable } from './ref-table.js';
import { NameTable } from './xml-names.js';

/** What the object builder lends this reader: its tables, and where the values go. */
export interface FlatObjectHost {
  propertyNames: PropertyNames;
  typeNameTable: Map<string, string[]>;
  typeRefIds: NameTable;
  refs: RefTable;
  maxValueLength: number;
  tokenizer(): Tokenizer;
  deliver(value: PSObject, line: number, column: number): void;
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const OBJ = ascii('<Obj RefId="');
const TNREF = ascii('<TNRef RefId="');
const TN = ascii('<TN RefId="');
const T_OPEN = ascii('<T>');
const T_CLOSE = ascii('</T>');
const TN_CLOSE = ascii('</TN>');
const MS_OPEN = ascii('<MS>');
const MS_CLOSE = ascii('</MS>');
const OBJ_CLOSE = ascii('</Obj>');
/** The first byte at or above this may need a second look (U+FFFE, U+FFFF: text-units.ts). */
const HIGH = 0xef;

/** Bytes to find again, with their first whole four-byte words as little-endian int32s. */
interface Pattern {
  bytes: Uint8Array;
  words: Int32Array;
}

function patternOf(from: Uint8Array): Pattern {
  const bytes = Uint8Array.from(from);
  const view = new DataView(bytes.buffer);
  const words = Int32Array.from({ length: bytes.length >> 2 }, (_, k) => view.getInt32(4 * k, true));
  return { bytes, words };
}

/** Where CR LF and spaces from `i` reach a `<`, or -1. */
function indentEnd(b: Uint8Array, i: number, n: number): number {
  if (i + 2 >= n || b[i] !== 0x0d || b[i + 1] !== 0x0a) return -1;
  const lineStart = i + 2;
  for (i = lineStart; i < n && b[i] === 0x20; i++);
  // The general reading takes longer runs of spaces as text: left to it.
  return i >= n || b[i] !== 0x3c || i - lineStart > 63 ? -1 : i;
}

const matchesAt = (b: Uint8Array, at: number, n: number, expected: Uint8Array): boolean => {
  if (at + expected.length > n) return false;
  for (let k = 0; k < expected.length; k++) if (b[at + k] !== expected[k]) return false;
  return true;
};

/** A leaf as it is written: from the CR LF of its line to `<S N="Url"`, its close tag, and what it means. */
interface LeafLayout {
  open: Pattern;
  close: Uint8Array;
  /** The property's key (its name lower-cased). */
  key: string;
  kind: Kind;
  convert: Converter | null;
}

/** Layouts kept for each place in an object: a site's ReadLocked and LockIssue are written two ways each. */
const MAX_LAYOUTS = 4;

export class FlatObjectReader {
  /** After `scan`: the offset after the `<Obj …>` tag, the newlines read, and the offset where the last line starts. */
  openEnd = 0;
  lines = 0;
  lastLineStart = 0;
  private readonly tags = new NameTable();
  private readonly shapes = new Shapes();
  // What `scan` read, handed on by `deliver`.
  private refKey = 0;
  private typeNames: string[] | null = null;
  private typeRefId: string | null = null;
  private count = 0;
  /** Set by plainText. */
  private textAscii = true;
  private readonly keys: string[] = [];
  private readonly values: PSValue[] = [];
  /** The last `<TNRef>` head read: its bytes from the RefId's quote to after `<MS>`, newlines, where its last line starts. */
  private head: { bytes: Pattern; typeRefId: string; lines: number; lastLineStart: number } | null = null;
  /** A view of the bytes being read, for `matches`; made again for each new buffer. */
  private view: DataView | null = null;
  private viewed: Buffer | null = null;
  /** Leaf layouts met, by their place in the object (the nth leaf of its MS). */
  private readonly layouts: LeafLayout[][] = [];

  constructor(private readonly host: FlatObjectHost) {
    for (const text of leafTagNames()) {
      const units = ascii(text);
      this.tags.add(units, 0, units.length, text);
    }
  }

  private viewOf(b: Buffer): DataView {
    if (this.viewed !== b) {
      this.view = new DataView(b.buffer, b.byteOffset, b.length);
      this.viewed = b;
    }
    return this.view!;
  }

  /** True when `pattern` is at `at` of `b`: compared four bytes at a time (a third of the time, measured). */
  private matches(b: Buffer, at: number, n: number, pattern: Pattern): boolean {
    const { bytes, words } = pattern;
    if (at + bytes.length > n) return false;
    const view = this.viewOf(b);
    let k = 0;
    for (; k < words.length; k++) if (view.getInt32(at + 4 * k, true) !== words[k]) return false;
    for (let j = 4 * k; j < bytes.length; j++) if (b[at + j] !== bytes[j]) return false;
    return true;
  }

  /** Reads the object at `pos` of UTF-8 `b` (n bytes) into this reader, changing nothing else; the offset after it, or -1. */
  scan(b: Buffer, pos: number, n: number): number {
    if (!matchesAt(b, pos, n, OBJ)) return -1;
    let i = pos + OBJ.length;
    const refStart = i;
    while (i < n && b[i] >= 0x30 && b[i] <= 0x39) i++;
    if (i + 1 >= n || b[i] !== 0x22 || b[i + 1] !== 0x3e) return -1;
    this.refKey = smallDecimalAt(b, refStart, i);
    if (this.refKey < 0) return -1;
    this.openEnd = i + 2;
    this.lines = 0;
    this.count = 0;
    i = this.readHead(b, i, n);
    if (i === -1) return -1;
    for (let after = this.readLeaf(b, i, n); after !== -1; after = this.readLeaf(b, i, n)) i = after;
    i = this.indent(b, i, n);
    if (i === -1 || !matchesAt(b, i, n, MS_CLOSE)) return -1;
    i = this.indent(b, i + MS_CLOSE.length, n);
    if (i === -1 || !matchesAt(b, i, n, OBJ_CLOSE)) return -1;
    return i + OBJ_CLOSE.length;
  }

  /**
   * From the quote that ends the Obj's RefId to after `<MS>`: the type names. A `<TNRef>` head as the
   * last one was written is one compare of its bytes; its RefId must still name type names.
   */
  private readHead(b: Buffer, i: number, n: number): number {
    const head = this.head;
    if (head !== null && this.matches(b, i, n, head.bytes) && this.host.typeNameTable.has(head.typeRefId)) {
      this.typeNames = null;
      this.typeRefId = head.typeRefId;
      this.lines = head.lines;
      this.lastLineStart = i + head.lastLineStart;
      return i + head.bytes.bytes.length;
    }
    const from = i;
    i = this.indent(b, i + 2, n);
    if (i !== -1) i = this.readTypeNames(b, i, n);
    if (i === -1 || !matchesAt(b, i, n, MS_OPEN)) return -1;
    i += MS_OPEN.length;
    if (this.typeNames === null) this.head = { bytes: patternOf(b.subarray(from, i)), typeRefId: this.typeRefId!, lines: this.lines, lastLineStart: this.lastLineStart - from };
    return i;
  }

  /** Hands on the object `scan` read, as the general reading does when it closes. */
  deliver(line: number, column: number): void {
    const { host } = this;
    const typeNames = this.typeNames ?? host.typeNameTable.get(this.typeRefId!)!;
    if (this.typeNames !== null) host.typeNameTable.set(this.typeRefId!, this.typeNames);
    const obj = new FlatObject(typeNames, this.shapes.of(this.keys, this.count), this.values.slice(0, this.count));
    host.refs.remember(this.refKey, obj);
    host.deliver(obj, line, column);
  }

  /** CR LF and spaces (Export-Clixml's indentation) up to a `<` at `i`, its line counted; the offset of that `<`, or -1. */
  private indent(b: Buffer, i: number, n: number): number {
    const lt = indentEnd(b, i, n);
    if (lt !== -1) {
      this.lines++;
      this.lastLineStart = i + 2;
    }
    return lt;
  }

  /** `<TNRef RefId="…" />`, or a `<TN RefId="…">` of `<T>`s; the offset of the `<` after it, or -1. */
  private readTypeNames(b: Buffer, i: number, n: number): number {
    this.typeNames = null;
    if (matchesAt(b, i, n, TNREF)) {
      const start = i + TNREF.length;
      const end = this.plainTo(b, start, n, 0x22, 0x3c);
      if (end === -1 || !matchesAt(b, end, n, SELF_CLOSE)) return -1;
      const { typeRefIds } = this.host;
      this.typeRefId = (typeRefIds.find(b, start, end) ?? typeRefIds.add(b, start, end, b.toString('utf8', start, end))).text;
      if (!this.host.typeNameTable.has(this.typeRefId)) return -1;
      return this.indent(b, end + SELF_CLOSE.length, n);
    }
    if (!matchesAt(b, i, n, TN)) return -1;
    const start = i + TN.length;
    const end = this.plainTo(b, start, n, 0x22, 0x3c);
    if (end === -1 || b[end + 1] !== 0x3e) return -1;
    this.typeRefId = b.toString('utf8', start, end);
    const typeNames: string[] = [];
    for (i = this.indent(b, end + 2, n); i !== -1 && matchesAt(b, i, n, T_OPEN); i = this.indent(b, i, n)) {
      const textEnd = this.plainTo(b, i + T_OPEN.length, n, 0x3c, 0x5d);
      if (textEnd === -1 || textEnd - i - T_OPEN.length > this.host.maxValueLength || !matchesAt(b, textEnd, n, T_CLOSE)) return -1;
      typeNames.push(decodeClixmlEscapes(decodeUtf8(b, i + T_OPEN.length, textEnd)));
      i = textEnd + T_CLOSE.length;
    }
    if (i === -1 || !matchesAt(b, i, n, TN_CLOSE)) return -1;
    this.typeNames = typeNames;
    return this.indent(b, i + TN_CLOSE.length, n);
  }

  /**
   * The first `stop` from `i` with only plain bytes before it (no control character, `&`, `extra`, nor a
   * byte to look at twice), or -1.
   */
  private plainTo(b: Buffer, i: number, n: number, stop: number, extra: number): number {
    for (; i < n; i++) {
      const c = b[i];
      if (c === stop) return i;
      if (c < 0x20 || c === 0x26 || c === extra || c >= HIGH) return -1;
    }
    return -1;
  }

  /** A line `<tag N="name">text</tag>` or `<tag N="name" />` from its CR LF at `i`: its value kept; the offset after it, or -1. */
  private readLeaf(b: Buffer, i: number, n: number): number {
    const layout = this.layoutAt(b, i, n);
    if (layout === null) return -1;
    const nEnd = i + layout.open.bytes.length - 1; // the N value's closing quote
    if (nEnd + 2 >= n) return -1;
    let text = '';
    let after: number;
    if (matchesAt(b, nEnd, n, SELF_CLOSE)) after = nEnd + SELF_CLOSE.length;
    else if (b[nEnd + 1] === 0x2f && b[nEnd + 2] === 0x3e) after = nEnd + 3;
    else if (b[nEnd + 1] === 0x3e) {
      const textStart = nEnd + 2;
      const textEnd = this.plainText(b, textStart, n);
      if (textEnd === -1 || textEnd - textStart > this.host.maxValueLength || !matchesAt(b, textEnd, n, layout.close)) return -1;
      after = textEnd + layout.close.length;
      if (layout.convert === toBoolean) {
        // A boolean as Export-Clixml spells it (three a site) needs no string.
        const value = booleanAt(b, textStart, textEnd);
        if (value !== null) return this.keep(i, layout.key, value, after);
      }
      if (textStart !== textEnd && layout.kind === Kind.Primitive) text = this.textAscii && fastSlices ? (b as SliceableBuffer).latin1Slice(textStart, textEnd) : decodeUtf8(b, textStart, textEnd);
    } else return -1;
    return this.keep(i, layout.key, layout.kind === Kind.Primitive ? layout.convert!(text) : layout.kind === Kind.Nil ? null : REDACTED, after);
  }

  /** The value of the leaf whose line starts at `line`, which ends at `after`. */
  private keep(line: number, key: string, value: PSValue, after: number): number {
    this.lines++;
    this.lastLineStart = line + 2;
    this.keys[this.count] = key;
    this.values[this.count++] = value;
    return after;
  }

  /**
   * The layout of the leaf at `i`: one of those met at this place in earlier objects when its bytes start
   * so (the same element and property name, a compare of a dozen bytes), else worked out; null if it is
   * no leaf this reader reads.
   */
  private layoutAt(b: Buffer, i: number, n: number): LeafLayout | null {
    let known = this.layouts[this.count];
    if (known !== undefined) {
      for (let k = 0; k < known.length; k++) if (this.matches(b, i, n, known[k].open)) return known[k];
    } else known = this.layouts[this.count] = [];
    const layout = this.newLayout(b, i, n);
    if (layout !== null && known.length < MAX_LAYOUTS) known.push(layout);
    return layout;
  }

  private newLayout(b: Buffer, line: number, n: number): LeafLayout | null {
    const i = indentEnd(b, line, n);
    if (i === -1) return null;
    let j = i + 1;
    while (j < n && b[j] !== 0x20 && b[j] !== 0x3e && b[j] !== 0x2f) j++;
    if (j + 4 >= n || b[j] !== 0x20 || b[j + 1] !== 0x4e || b[j + 2] !== 0x3d || b[j + 3] !== 0x22) return null;
    const tag = this.tags.find(b, i + 1, j);
    if (tag === null) return null;
    const nStart = j + 4;
    const nEnd = this.plainTo(b, nStart, n, 0x22, 0x3c);
    if (nEnd === -1) return null;
    const { kind, convert } = tagOf(tag);
    const property = this.host.propertyNames.at(b, nStart, nEnd, this.host.tokenizer());
    return { open: patternOf(b.subarray(line, nEnd + 1)), close: ascii(`</${tag.text}>`), key: property.key, kind, convert };
  }

  /** The `<` that ends a leaf's text from `i`, with only plain bytes before it (as plainTo), or -1; `textAscii` says if they are all ASCII. */
  private plainText(b: Buffer, i: number, n: number): number {
    // Four ASCII bytes at a time while none is a control character, `<`, `&` or `]` (the has-zero-byte
    // test); the first word that may hold one, or any byte above 0x7F, is looked at byte by byte.
    const view = this.viewOf(b);
    for (; i + 4 <= n; i += 4) {
      const x = view.getInt32(i, true);
      if ((x & 0x80808080) !== 0 || ((x - 0x20202020) & ~x & 0x80808080) !== 0) break;
      const lt = x ^ 0x3c3c3c3c;
      const amp = x ^ 0x26262626;
      const bracket = x ^ 0x5d5d5d5d;
      if ((((lt - 0x01010101) & ~lt) | ((amp - 0x01010101) & ~amp) | ((bracket - 0x01010101) & ~bracket)) & 0x80808080) break;
    }
    let all = 0;
    for (; i < n; i++) {
      const c = b[i];
      if (c === 0x3c) {
        this.textAscii = all < 0x80;
        return i;
      }
      if (c < 0x20 || c === 0x26 || c === 0x5d || c >= HIGH) return -1;
      all |= c;
    }
    return -1;
  }
}

const SELF_CLOSE = ascii('" />');

/**
 * Node's Buffer#latin1Slice and #utf8Slice, which toString calls once it has checked its arguments. Called
 * as methods (not through `.call`), an ASCII value decodes as Latin-1 in two thirds of toString's time,
 * any other as UTF-8 in four fifths (measured).
 */
interface SliceableBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const fastSlices = typeof (Buffer.prototype as Partial<SliceableBuffer>).latin1Slice === 'function' && typeof (Buffer.prototype as Partial<SliceableBuffer>).utf8Slice === 'function';
const decodeUtf8 = (b: Buffer, start: number, end: number): string => (fastSlices ? (b as SliceableBuffer).utf8Slice(start, end) : b.toString('utf8', start, end));

/** `true` or `false` spelled so at [start, end), else null. */
function booleanAt(b: Buffer, start: number, end: number): boolean | null {
  if (end - start === 5 && b[start] === 0x66 && b[start + 1] === 0x61 && b[start + 2] === 0x6c && b[start + 3] === 0x73 && b[start + 4] === 0x65) return false;
  if (end - start === 4 && b[start] === 0x74 && b[start + 1] === 0x72 && b[start + 2] === 0x75 && b[start + 3] === 0x65) return true;
  return null;
}
