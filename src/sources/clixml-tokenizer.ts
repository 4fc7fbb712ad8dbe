// A streaming tokenizer for the XML subset Export-Clixml writes, over the file's code units (text-units.ts):
// elements, attributes with quoted values, text, the five predefined entities and numeric character
// references. It rejects what CLIXML never holds (DOCTYPE, CDATA) and skips comments and processing
// instructions. Its events are saxes's (opentag, text, closetag), checked against saxes by differential tests.
// Why it is fast (issue 14): markup is found with Buffer.indexOf, names are looked up by their units
// (xml-names.ts), and a text or attribute value is handed on as a range of units, decoded only if the
// reader wants it; only a value with references, line ends or control characters takes a second look as a
// string (xml-text.ts). Lines are counted where newlines are met, and columns (in UTF-16 units, as a
// string index would give them) are worked out only where one is reported.
import { InputError } from '../errors.js';
import { NameTable, type Name } from './xml-names.js';
import { attributeValue, textValue, TextProblem } from './xml-text.js';
import { unitText, type UnitEncoding, type Units, type UnitText } from './text-units.js';

export type { Units } from './text-units.js';

export type { Name } from './xml-names.js';

/**
 * One element's attributes, in document order. The tokenizer reuses this object for the next element: read
 * what you need in the handler (with `attributeText`), keep nothing.
 */
export interface Attributes {
  count: number;
  names: Name[];
  /** Each value's units in `units`; `texts[i]` is the value itself when its units are not (references, line ends). */
  starts: number[];
  ends: number[];
  texts: Array<string | null>;
  units: Units;
}

export interface TokenHandlers {
  open(name: Name, attributes: Attributes, selfClosing: boolean): void;
  /** A text node: units [start, end) of the input being read, or `decoded` when those are not its text. */
  text(start: number, end: number, decoded: string | null): void;
  close(name: Name): void;
  /**
   * False for an element whose own text is not wanted: Export-Clixml's indentation (CR LF and spaces) inside
   * it is then not reported. A quarter of a site list's events are such indentation.
   */
  keepsText?(name: Name): boolean;
  /**
   * Most of an export is elements such as `<S N="Url">https://…</S>` and `<Nil N="LockIssue" />`: with
   * this, such an element of a name `accepts` takes, on one line, nothing in it to decode, is one call
   * instead of three (`text` units [textStart, textEnd) are plain text; empty for no text).
   */
  leaf?: {
    accepts(name: Name): boolean;
    read(name: Name, units: Units, nStart: number, nEnd: number, textStart: number, textEnd: number): void;
  };
  /** A whole element directly inside the root, read in one go from UTF-8 bytes (clixml-flat-object.ts). */
  records?: WholeRecords;
}

/**
 * Reads an element at `pos` of UTF-8 `bytes` (`n` of them) in one go, or declines (-1) having changed
 * nothing: the tokenizer then reads it the general way. What it read is handed on by `deliver`, once the
 * tokenizer stands after it, with the line and column just after its open tag.
 */
export interface WholeRecords {
  scan(bytes: Buffer, pos: number, n: number): number;
  /** After a scan: the offset after its open tag, its newlines, and the offset where its last line starts. */
  readonly openEnd: number;
  readonly lines: number;
  readonly lastLineStart: number;
  deliver(line: number, column: number): void;
}

export interface Tokenizer {
  /** `bytes`: whole characters in the tokenizer's encoding. */
  write(bytes: Buffer): Tokenizer;
  close(): Tokenizer;
  /** Units [start, end) of the input being read, as a string: only inside a handler. */
  textOf(start: number, end: number): string;
  /** True when units [start, end) of the input being read are the ASCII `text`: only inside a handler. */
  textIs(start: number, end: number, text: string): boolean;
  /** 1-based line and column (UTF-16 units) just after the last markup read, e.g. the `>` of the tag being reported. */
  position(): { line: number; column: number };
  /** Line and column of the character after all that was written (where a bad byte that ends the input is). */
  end(): { line: number; column: number };
  /**
   * Where reading stands after the last write: elements open, the line the next character is on, and whether
   * nothing is half read (no unfinished markup, no text but whitespace since the last markup).
   */
  state(): { depth: number; line: number; clean: boolean };
}

/** Where to start reading part of a document that begins in the middle (a part of a split file, split-points.ts). */
export interface TokenizerStart {
  /** The line the first character is on; it is also the first character of that line. */
  line: number;
  /** Elements open at that point, outermost first. */
  open: readonly string[];
}

export interface TokenizerOptions {
  fileName?: string;
  encoding?: UnitEncoding;
  start?: TokenizerStart;
  /**
   * A text still being read that grows past this many characters calls `onLongText` (which should throw):
   * without it, a value with no end in sight would be held whole until its end, however long.
   */
  maxPendingText?: number;
  onLongText?: () => never;
}

/** The value of attribute `name`, or undefined. */
export function attributeText(attributes: Attributes, name: string, tokenizer: Tokenizer): string | undefined {
  for (let i = 0; i < attributes.count; i++) {
    if (attributes.names[i].text === name) return attributes.texts[i] ?? tokenizer.textOf(attributes.starts[i], attributes.ends[i]);
  }
  return undefined;
}

// ASCII name characters: 1 may start a name, 2 may only continue one. Non-ASCII names take the full rule.
const NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) NAME[c] = 1;
  else if (/[0-9.-]/.test(ch)) NAME[c] = 2;
}
const START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const XML_NAME = new RegExp(`^[${START}][${START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]*$`, 'u');
// Export-Clixml's indentation, CR LF and n spaces, normalized (to LF) once and reused.
const INDENT_TEXT = Array.from({ length: 64 }, (_, n) => '\n' + ' '.repeat(n));
// Units that end a tag name (space, tab, CR, LF, `/`, `>`) or an attribute name (those and `=`).
const ENDS_TAG_NAME = new Uint8Array(0x40);
for (const c of [0x20, 0x09, 0x0d, 0x0a, 0x2f, 0x3e]) ENDS_TAG_NAME[c] = 1;
const ENDS_ATTRIBUTE_NAME = ENDS_TAG_NAME.slice();
ENDS_ATTRIBUTE_NAME[0x3d] = 1;
const EMPTY = Buffer.alloc(0);
/** Texts up to this long are looked through unit by unit; a longer one is searched (Buffer.indexOf) for its end. */
const SHORT_TEXT = 256;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
/** A close tag's text as an error shows it: on one line (an error is one line), and short. */
const shownTag = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 60)}...` : line;
};

export function createClixmlTokenizer(handlers: TokenHandlers, options: TokenizerOptions = {}): Tokenizer {
  return new ClixmlTokenizer(handlers, options);
}

class ClixmlTokenizer implements Tokenizer {
  private readonly file: string;
  private readonly enc: UnitText;
  /** The first unit at or above this may need a second look in a text (text-units.ts). */
  private readonly high: number;
  private readonly handlers: TokenHandlers;
  private readonly options: TokenizerOptions;
  private readonly names = new NameTable();
  /** The elements open, innermost last. */
  private readonly stack: Name[];
  private readonly attributes: Attributes;
  /** handlers.records, for UTF-8 input only. */
  private readonly records: WholeRecords | null;
  private sawRoot: boolean;
  private closed = false;
  /** What is being read: the unfinished construct of the last write, then the new bytes; `units` and `n` are its units. */
  private bytes: Buffer = EMPTY;
  private units: Units;
  private n = 0;
  /** A text node that spans writes, decoded. */
  private pendingText = '';
  // Lines: every newline before offset `counted` is in `line`; `lineStart` is the offset where the current line
  // begins, at or below 0 once it began in an earlier write, with `lineBefore` of its UTF-16 units there.
  // `saved*` are their values at `counted`, to roll back a construct that turns out unfinished or bad.
  private line: number;
  private lineStart = 0;
  private lineBefore = 0;
  private counted = 0;
  /** The column at `counted` once that is in an earlier write. */
  private countedColumn = 1;
  private savedLine: number;
  private savedLineStart = 0;
  private savedLineBefore = 0;

  constructor(handlers: TokenHandlers, options: TokenizerOptions) {
    this.file = options.fileName ?? '<input>';
    this.enc = unitText(options.encoding ?? 'utf-8');
    this.high = this.enc.high;
    this.handlers = handlers;
    this.records = this.enc.width === 1 ? handlers.records ?? null : null;
    this.options = options;
    this.stack = (options.start?.open ?? []).map((text) => {
      const units = this.enc.view(this.enc.ascii(text));
      return this.names.add(units, 0, units.length, text);
    });
    this.attributes = { count: 0, names: [], starts: [], ends: [], texts: [], units: this.enc.view(EMPTY) };
    this.units = this.enc.view(EMPTY);
    this.sawRoot = this.stack.length > 0;
    this.line = this.savedLine = options.start?.line ?? 1;
  }

  write(chunk: Buffer): Tokenizer {
    if (this.closed) throw new Error('write after close');
    this.bytes = this.bytes.length > 0 ? Buffer.concat([this.bytes, chunk]) : chunk;
    this.units = this.enc.view(this.bytes);
    this.n = this.units.length;
    this.shift(this.read(0));
    return this;
  }

  close(): Tokenizer {
    if (this.closed) return this;
    this.closed = true;
    if (this.n > 0) this.fail('unexpected end of file inside markup', 0);
    if (this.pendingText.length > 0) {
      const value = this.checkedText(this.pendingText);
      this.pendingText = '';
      this.handlers.text(-1, -1, value);
      this.commit(0);
    }
    if (this.stack.length > 0) this.fail(`unclosed tag: ${this.stack[this.stack.length - 1].text}`, 0);
    if (!this.sawRoot) this.fail('document must contain a root element', 0);
    return this;
  }

  textOf(start: number, end: number): string {
    return this.enc.decode(this.bytes, start, end);
  }

  textIs(start: number, end: number, text: string): boolean {
    return end - start === text.length && this.startsWith(text, start);
  }

  position(): { line: number; column: number } {
    // The saved values are those at `counted`; `line` may be ahead, in a text still being read.
    return { line: this.savedLine, column: this.committedColumn() };
  }

  end(): { line: number; column: number } {
    // Newlines up to the unfinished construct are counted (a text's as it comes); its own are not.
    const { enc, bytes, units, n } = this;
    let [endLine, lastNl] = [this.line, -1];
    for (let nl = enc.find(bytes, units, 0x0a, 0, n); nl !== -1; nl = enc.find(bytes, units, 0x0a, nl + 1, n)) [endLine, lastNl] = [endLine + 1, nl];
    return lastNl === -1 ? { line: this.line, column: this.columnAt(n, this.lineStart, this.lineBefore) } : { line: endLine, column: enc.utf16Length(units, lastNl + 1, n) + 1 };
  }

  state(): { depth: number; line: number; clean: boolean } {
    return { depth: this.stack.length, line: this.line, clean: this.n === 0 && /^[ \t\r\n]*$/.test(this.pendingText) };
  }

  // --- reading ---

  /** Reads from `pos` to the last construct that ends in this write; returns where that one ends. */
  private read(pos: number): number {
    for (;;) {
      const lt = this.nextMarkup(pos);
      if (lt === -1) {
        this.pending(pos);
        return this.n;
      }
      const after = this.markup(lt);
      if (after === -1) {
        this.rollback(); // the unfinished construct is read again, whole, next time
        return lt;
      }
      pos = after;
    }
  }

  /** The next `<` from `pos`, with what comes before it (Export-Clixml's indentation, or a short value seen in the same pass) reported; -1 if none. */
  private nextMarkup(pos: number): number {
    const u = this.units;
    const n = this.n;
    let lt = pos;
    let plain = true;
    if (u[pos] === 0x0d && pos + 1 < n && u[pos + 1] === 0x0a) {
      lt = pos + 2;
      while (lt < n && u[lt] === 0x20) lt++;
      if (lt >= n || u[lt] !== 0x3c) lt = -1;
      plain = false;
    } else {
      const stop = Math.min(n, pos + SHORT_TEXT);
      const high = this.high;
      for (; lt < stop; lt++) {
        const c = u[lt];
        if (c === 0x3c) break;
        if (c < 0x20 || c === 0x26 || c === 0x5d || c >= high) plain = false;
      }
      if (lt === stop) [lt, plain] = [-1, false];
    }
    if (lt === -1) lt = this.find(0x3c, pos);
    if (lt === -1) return -1;
    const pendingText = this.pendingText.length > 0;
    if ((lt > pos || pendingText) && !this.indentation(pos, lt)) this.text(pos, lt, plain && !pendingText);
    return lt;
  }

  private markup(pos: number): number {
    if (pos + 1 >= this.n) return -1;
    const next = this.units[pos + 1];
    if (next === 0x2f) return this.closeTag(pos);
    if (next === 0x3f || next === 0x21) return this.special(pos);
    if (this.records !== null && this.stack.length === 1) {
      const after = this.wholeRecords(this.records, pos);
      if (after !== -1) return after;
    }
    if (this.handlers.leaf !== undefined && this.stack.length >= 2) {
      const after = this.leaf(pos);
      if (after !== -1) return after;
    }
    return this.openTag(pos);
  }

  /** A text node's units [start, end), which began at `counted`; `plain` when they were seen to hold nothing special. */
  private text(start: number, end: number, plain: boolean): void {
    if (this.pendingText.length === 0 && this.stack.length > 0) {
      if (!plain) {
        const u = this.units;
        const high = this.high;
        let i = start;
        for (; i < end; i++) {
          const c = u[i];
          if (c < 0x20 || c === 0x26 || c === 0x5d || c >= high) break;
        }
        plain = i === end;
      }
      if (plain) {
        this.handlers.text(start, end, null);
        this.commit(end);
        return;
      }
    }
    const raw = this.pendingText + this.textOf(start, end);
    this.pendingText = '';
    const value = this.checkedText(raw);
    this.handlers.text(-1, -1, value);
    this.countLines(start, end); // a pending start's lines were counted as it came
    this.commit(end);
  }

  /** A text's value, references resolved and line ends normalized; a problem in it is reported where it is. */
  private checkedText(raw: string): string {
    try {
      return textValue(raw, this.stack.length === 0);
    } catch (error) {
      if (error instanceof TextProblem) this.failInText(error);
      throw error;
    }
  }

  /** CR LF and spaces up to a `<` at `lt`: Export-Clixml's indentation. */
  private indentation(pos: number, lt: number): boolean {
    const u = this.units;
    if (lt - pos < 2 || lt - pos >= 66 || this.pendingText.length > 0 || u[pos] !== 0x0d || u[pos + 1] !== 0x0a) return false;
    for (let i = pos + 2; i < lt; i++) if (u[i] !== 0x20) return false;
    this.line++;
    this.lineStart = pos + 2;
    this.commit(lt);
    const top = this.stack[this.stack.length - 1];
    const keepsText = this.handlers.keepsText;
    if (keepsText === undefined || top === undefined || (top.keepsText ??= keepsText(top))) this.handlers.text(pos, lt, INDENT_TEXT[lt - pos - 2]);
    return true;
  }

  /** Text that runs past this write: kept, decoded, until its end is seen; its lines are counted now. */
  private pending(pos: number): void {
    this.pendingText += this.textOf(pos, this.n);
    if (this.pendingText.length > (this.options.maxPendingText ?? Infinity)) this.options.onLongText?.();
    this.countLines(pos, this.n);
  }

  /** Offsets in the next write start at `pos` of this one: what a line holds before it is measured now. */
  private shift(pos: number): void {
    const { enc, units } = this;
    if (this.counted < pos && this.counted >= 0) this.countedColumn = this.committedColumn();
    const before = (start: number, was: number) => (start >= 0 ? (start <= pos ? enc.utf16Length(units, start, pos) : 0) : was + enc.utf16Length(units, 0, pos));
    this.lineBefore = before(this.lineStart, this.lineBefore);
    this.savedLineBefore = before(this.savedLineStart, this.savedLineBefore);
    this.lineStart -= pos;
    this.savedLineStart -= pos;
    this.counted -= pos;
    this.bytes = pos < this.n ? Buffer.from(this.bytes.subarray(pos * enc.width)) : EMPTY;
    this.units = enc.view(this.bytes);
    this.n = this.units.length;
  }

  // --- tags ---

  /** Parses `<name attr="v" …>` at `pos`; returns the offset after it, or -1 if the input ends first. */
  private openTag(pos: number): number {
    const { units, n } = this;
    let i = pos + 1;
    for (; i < n; i++) {
      const c = units[i];
      if (c < 0x40 && ENDS_TAG_NAME[c] === 1) break;
    }
    if (i >= n) return -1;
    const name = this.nameAt(pos + 1, i, 'element');
    if (this.stack.length === 0 && this.sawRoot) this.fail('documents may contain only one root', pos);
    for (let count = 0; ; count++) {
      const before = i;
      i = this.skipSpace(i);
      if (i >= n) return -1;
      const c = units[i];
      if (c === 0x3e || c === 0x2f) return this.tagEnd(name, i, count);
      if (i === before) this.fail('no whitespace between attributes', i);
      i = this.attribute(i, count);
      if (i === -1) return -1;
    }
  }

  /** The `>` or `/>` at `i` of an open tag with `count` attributes; returns the offset after it, or -1. */
  private tagEnd(name: Name, i: number, count: number): number {
    const selfClosing = this.units[i] === 0x2f;
    if (selfClosing) {
      if (i + 1 >= this.n) return -1;
      if (this.units[i + 1] !== 0x3e) this.fail('expected ">" after "/"', i + 1);
    }
    const after = selfClosing ? i + 2 : i + 1;
    this.sawRoot = true;
    this.commit(after);
    this.attributes.count = count;
    this.attributes.units = this.units;
    this.handlers.open(name, this.attributes, selfClosing);
    if (selfClosing) this.handlers.close(name);
    else this.stack.push(name);
    return after;
  }

  /** One attribute `name="value"` at `i`, stored as the `count`th; returns the offset after it or -1. */
  private attribute(i: number, count: number): number {
    const { units: u, n, attributes } = this;
    const nameStart = i;
    for (; i < n; i++) {
      const d = u[i];
      if (d < 0x40 && ENDS_ATTRIBUTE_NAME[d] === 1) break;
    }
    const nameEnd = i;
    i = this.skipSpace(i);
    if (i >= n) return -1;
    const name = this.nameAt(nameStart, nameEnd, 'attribute');
    if (u[i] !== 0x3d) this.fail(`attribute without value: ${name.text}`, i);
    i = this.skipSpace(i + 1);
    if (i >= n) return -1;
    const quote = u[i];
    if (quote !== 0x22 && quote !== 0x27) this.fail('attribute value must be quoted', i);
    // The closing quote, and whether anything in between needs a second look, in one pass.
    const high = this.high;
    let plain = true;
    let close = i + 1;
    for (; close < n; close++) {
      const c = u[close];
      if (c === quote) break;
      if (c < 0x20 || c === 0x26 || c === 0x3c || c >= high) plain = false;
    }
    if (close >= n) return -1;
    for (let k = 0; k < count; k++) if (attributes.names[k].text === name.text) this.fail(`duplicate attribute: ${name.text}`, nameStart);
    attributes.names[count] = name;
    attributes.starts[count] = i + 1;
    attributes.ends[count] = close;
    attributes.texts[count] = plain ? null : this.specialAttribute(i + 1, close);
    return close + 1;
  }

  /** An attribute value [start, end) with something to check or decode. */
  private specialAttribute(start: number, end: number): string {
    try {
      const value = attributeValue(this.textOf(start, end));
      this.countLines(start, end);
      return value;
    } catch (error) {
      if (error instanceof TextProblem) this.fail(error.message, this.enc.offsetOf(this.units, start, error.index));
      throw error;
    }
  }

  /** Whitespace inside a tag from `i`, lines counted; returns where it ends. */
  private skipSpace(i: number): number {
    const { units, n } = this;
    for (; i < n; i++) {
      const c = units[i];
      if (c === 0x0a) {
        this.line++;
        this.lineStart = i + 1;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    }
    return i;
  }

  /** The name at [start, end): from the table, or checked and added. */
  private nameAt(start: number, end: number, kind: string): Name {
    const known = this.names.find(this.units, start, end);
    if (known !== null) return known;
    const text = this.textOf(start, end);
    this.checkName(text, start, kind);
    return this.names.add(this.units, start, end, text);
  }

  private checkName(name: string, at: number, kind: string): void {
    if (name.length === 0) this.fail(`${kind} name expected`, at);
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c >= 128) {
        if (!XML_NAME.test(name)) this.fail(`invalid ${kind} name: ${JSON.stringify(name)}`, at);
        return;
      }
      if (NAME[c] === 0 || (i === 0 && NAME[c] !== 1)) this.fail(`invalid ${kind} name: ${JSON.stringify(name)}`, at);
    }
  }

  /** `</name>` at pos; returns the offset after it or -1. */
  private closeTag(pos: number): number {
    // Nearly always the close tag of the open element, written tight: no search needed.
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined) {
      const after = pos + 2 + top.units.length;
      if (after < this.n && this.units[after] === 0x3e && this.matches(top.units, pos + 2)) {
        this.stack.pop();
        this.commit(after + 1);
        this.handlers.close(top);
        return after + 1;
      }
    }
    return this.closeTagSlow(pos);
  }

  private closeTagSlow(pos: number): number {
    const gt = this.find(0x3e, pos + 2);
    if (gt === -1) return -1;
    const top = this.stack.pop();
    let i = pos + 2 + (top?.units.length ?? 0);
    const mismatch = () => {
      const found = shownTag(this.textOf(pos + 2, gt));
      this.fail(top !== undefined ? `unexpected close tag: expected </${top.text}>, found </${found}>` : `unexpected close tag </${found}>`, pos);
    };
    if (top === undefined || i > gt || !this.matches(top.units, pos + 2)) mismatch();
    for (; i < gt; i++) {
      const c = this.units[i];
      if (!isSpace(c)) mismatch();
      if (c === 0x0a) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.commit(gt + 1);
    this.handlers.close(top!);
    return gt + 1;
  }

  /**
   * `<name N="v">text</name>` or `<name N="v" />` at `pos`, written as Export-Clixml writes it, with nothing
   * to check or decode: read in one go. Returns the offset after it, or -1 to read it the general way
   * (nothing was done then). Never at the top level: only a record's own position is reported.
   */
  private leaf(pos: number): number {
    const { units: u, n, high } = this;
    let i = pos + 1;
    for (; i < n; i++) {
      const c = u[i];
      if (c < 0x40 && ENDS_TAG_NAME[c] === 1) break;
    }
    if (i + 4 >= n || u[i] !== 0x20 || u[i + 1] !== 0x4e || u[i + 2] !== 0x3d || u[i + 3] !== 0x22) return -1;
    const name = this.names.find(u, pos + 1, i);
    if (name === null || !(name.leaf ??= this.handlers.leaf!.accepts(name))) return -1;
    const nStart = i + 4;
    let j = nStart;
    for (; j < n; j++) {
      const c = u[j];
      if (c === 0x22) break;
      if (c < 0x20 || c === 0x26 || c === 0x3c || c >= high) return -1;
    }
    if (j + 2 >= n) return -1;
    const nEnd = j;
    if (u[j + 1] === 0x20 && u[j + 2] === 0x2f && j + 3 < n && u[j + 3] === 0x3e) return this.readLeaf(name, nStart, nEnd, j + 4, j + 4, j + 4);
    if (u[j + 1] === 0x2f && u[j + 2] === 0x3e) return this.readLeaf(name, nStart, nEnd, j + 3, j + 3, j + 3);
    if (u[j + 1] !== 0x3e) return -1;
    const textStart = j + 2;
    const stop = Math.min(n, textStart + SHORT_TEXT);
    let t = textStart;
    for (; t < stop; t++) {
      const c = u[t];
      if (c === 0x3c) break;
      if (c < 0x20 || c === 0x26 || c === 0x5d || c >= high) return -1;
    }
    const end = t + 3 + name.units.length;
    if (end > n || u[t] !== 0x3c || u[t + 1] !== 0x2f || u[end - 1] !== 0x3e || !this.matches(name.units, t + 2)) return -1;
    return this.readLeaf(name, nStart, nEnd, textStart, t, end);
  }

  private readLeaf(name: Name, nStart: number, nEnd: number, textStart: number, textEnd: number, end: number): number {
    this.counted = textStart; // where a general reading would stand when the element opened (a leaf holds no newline)
    this.handlers.leaf!.read(name, this.units, nStart, nEnd, textStart, textEnd);
    this.commit(end);
    return end;
  }

  /**
   * Records directly inside the root read in one go, one after another with the indentation between them,
   * as long as the next one reads so: no trip through the general loop for each. Returns where reading
   * stands, or -1 when the first one does not read so.
   */
  private wholeRecords(records: WholeRecords, pos: number): number {
    let end = this.wholeRecord(records, pos, false);
    if (end === -1) return -1;
    for (;;) {
      const u = this.units;
      const n = this.n;
      if (end + 2 >= n || u[end] !== 0x0d || u[end + 1] !== 0x0a) return end;
      let lt = end + 2;
      while (lt < n && u[lt] === 0x20) lt++;
      if (lt >= n || u[lt] !== 0x3c || !this.indentation(end, lt)) return end;
      const next = this.wholeRecord(records, lt, true);
      if (next === -1) return lt;
      end = next;
    }
  }

  /** One record at `pos`, or -1; `lineStartsHere` when only spaces are before it on its line, which starts in this write. */
  private wholeRecord(records: WholeRecords, pos: number, lineStartsHere: boolean): number {
    const end = records.scan(this.bytes, pos, this.n);
    if (end === -1) return -1;
    // Where a general reading stands when the element opens: on this line (an open tag of a record holds no
    // newline), its column that of `openEnd` (spaces and the ASCII open tag: one unit a column).
    const line = this.line;
    const column = lineStartsHere ? records.openEnd - this.lineStart + 1 : this.columnAt(records.openEnd, this.lineStart, this.lineBefore);
    if (records.lines > 0) {
      this.line += records.lines;
      this.lineStart = records.lastLineStart;
    }
    this.commit(end);
    records.deliver(line, column);
    return end;
  }

  /** `<?…?>` or `<!--…-->` (skipped), DOCTYPE or CDATA (rejected); returns the offset after it or -1. */
  private special(pos: number): number {
    let after = -1;
    const n = this.n;
    if (this.startsWith('<?', pos)) {
      const endPi = this.indexOf('?>', pos + 2);
      if (endPi !== -1) after = endPi + 2;
    } else if (n - pos < 4) {
      return -1;
    } else if (this.startsWith('<!--', pos)) {
      const endComment = this.indexOf('-->', pos + 4);
      if (endComment !== -1) after = endComment + 3;
    } else if (n - pos < 9) {
      return -1;
    } else if (this.startsWith('<!DOCTYPE', pos)) {
      this.fail('DOCTYPE is not allowed in CLIXML', pos);
    } else if (this.startsWith('<![CDATA[', pos)) {
      this.fail('CDATA is not allowed in CLIXML', pos);
    } else {
      this.fail('unexpected "<!"', pos);
    }
    if (after === -1) return -1;
    this.countLines(pos, after);
    this.commit(after);
    return after;
  }

  // --- units ---

  private find(code: number, from: number): number {
    return this.enc.find(this.bytes, this.units, code, from, this.n);
  }

  private matches(expected: Units, at: number): boolean {
    const units = this.units;
    for (let k = 0; k < expected.length; k++) if (units[at + k] !== expected[k]) return false;
    return true;
  }

  /** True when the ASCII `text` is at `at`. */
  private startsWith(text: string, at: number): boolean {
    if (at + text.length > this.n) return false;
    for (let k = 0; k < text.length; k++) if (this.units[at + k] !== text.charCodeAt(k)) return false;
    return true;
  }

  /** The offset of the ASCII `text` at or after `from`, or -1. */
  private indexOf(text: string, from: number): number {
    const first = text.charCodeAt(0);
    for (let at = this.find(first, from); at !== -1; at = this.find(first, at + 1)) if (this.startsWith(text, at)) return at;
    return -1;
  }

  // --- lines and columns ---

  private countLines(from: number, to: number): void {
    const { enc, bytes, units } = this;
    for (let nl = enc.find(bytes, units, 0x0a, from, to); nl !== -1; nl = enc.find(bytes, units, 0x0a, nl + 1, to)) {
      this.line++;
      this.lineStart = nl + 1;
    }
  }

  private commit(to: number): void {
    this.counted = to;
    this.savedLine = this.line;
    this.savedLineStart = this.lineStart;
    this.savedLineBefore = this.lineBefore;
  }

  private rollback(): void {
    this.line = this.savedLine;
    this.lineStart = this.savedLineStart;
    this.lineBefore = this.savedLineBefore;
  }

  /** The 1-based column of offset `at` (at least 0) on the line that starts at `start`. */
  private columnAt(at: number, start: number, before: number): number {
    return (start >= 0 ? this.enc.utf16Length(this.units, start, at) : before + this.enc.utf16Length(this.units, 0, at)) + 1;
  }

  private committedColumn(): number {
    return this.counted >= 0 ? this.columnAt(this.counted, this.savedLineStart, this.savedLineBefore) : this.countedColumn;
  }

  private fail(message: string, at: number): never {
    this.rollback();
    this.countLines(Math.max(this.counted, 0), at);
    throw new InputError(message, { file: this.file, line: this.line, column: this.columnAt(at, this.lineStart, this.lineBefore) });
  }

  /** A problem in a text node, which began at `counted` (perhaps in an earlier write). */
  private failInText({ message, text, index }: TextProblem): never {
    this.rollback();
    const lastNl = text.lastIndexOf('\n', index - 1);
    if (lastNl === -1) throw new InputError(message, { file: this.file, line: this.line, column: this.committedColumn() + index });
    let lines = 0;
    for (let nl = text.indexOf('\n'); nl !== -1 && nl <= lastNl; nl = text.indexOf('\n', nl + 1)) lines++;
    throw new InputError(message, { file: this.file, line: this.line + lines, column: index - lastNl });
  }
}
