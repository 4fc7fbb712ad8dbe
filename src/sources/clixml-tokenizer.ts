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
   * Most of an export is elements such as `<S N="Url">https://…</S>` and `<Nil N="LockIssue" />`: with
   * this, such an element of a name `accepts` takes, on one line, nothing in it to decode, is one call
   * instead of three (`text` units [textStart, textEnd) are plain text; empty for no text).
   */
  leaf?: {
    accepts(name: Name): boolean;
    read(name: Name, units: Units, nStart: number, nEnd: number, textStart: number, textEnd: number): void;
  };
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
  const file = options.fileName ?? '<input>';
  const enc: UnitText = unitText(options.encoding ?? 'utf-8');
  const high = enc.high;
  const { open: onOpen, text: onText, close: onClose, leaf: onLeaf } = handlers;
  const names = new NameTable();
  const stack: Name[] = (options.start?.open ?? []).map((text) => {
    const units = enc.view(enc.ascii(text));
    return names.add(units, 0, units.length, text);
  });
  const attributes: Attributes = { count: 0, names: [], starts: [], ends: [], texts: [], units: enc.view(EMPTY) };
  let sawRoot = stack.length > 0;
  let closed = false;
  let bytes: Buffer = EMPTY; // what is being read: the unfinished construct of the last write, then the new bytes
  let units: Units = enc.view(EMPTY);
  let n = 0;
  let pendingText = ''; // a text node that spans writes, decoded
  // Lines: every newline before offset `counted` is in `line`; `lineStart` is the offset where the current line
  // begins, at or below 0 once it began in an earlier write, with `lineBefore` of its UTF-16 units there.
  // `saved*` are their values at `counted`, to roll back a construct that turns out unfinished or bad.
  let line = options.start?.line ?? 1;
  let lineStart = 0;
  let lineBefore = 0;
  let counted = 0;
  let countedColumn = 1; // the column at `counted` once that is in an earlier write
  let savedLine = line;
  let savedLineStart = 0;
  let savedLineBefore = 0;

  const decode = (start: number, end: number) => enc.decode(bytes, start, end);
  const find = (code: number, from: number) => enc.find(bytes, units, code, from, n);

  function countLines(from: number, to: number): void {
    for (let nl = enc.find(bytes, units, 0x0a, from, to); nl !== -1; nl = enc.find(bytes, units, 0x0a, nl + 1, to)) {
      line++;
      lineStart = nl + 1;
    }
  }

  function commit(to: number): void {
    counted = to;
    savedLine = line;
    savedLineStart = lineStart;
    savedLineBefore = lineBefore;
  }

  function rollback(): void {
    line = savedLine;
    lineStart = savedLineStart;
    lineBefore = savedLineBefore;
  }

  /** The 1-based column of offset `at` (at least 0) on the line that starts at `start`. */
  function columnAt(at: number, start: number, before: number): number {
    return (start >= 0 ? enc.utf16Length(units, start, at) : before + enc.utf16Length(units, 0, at)) + 1;
  }

  const committedColumn = () => (counted >= 0 ? columnAt(counted, savedLineStart, savedLineBefore) : countedColumn);

  function fail(message: string, at: number): never {
    rollback();
    countLines(Math.max(counted, 0), at);
    throw new InputError(message, { file, line, column: columnAt(at, lineStart, lineBefore) });
  }

  /** A problem in a text node, which began at `counted` (perhaps in an earlier write). */
  function failInText({ message, text, index }: TextProblem): never {
    rollback();
    const lastNl = text.lastIndexOf('\n', index - 1);
    if (lastNl === -1) throw new InputError(message, { file, line, column: committedColumn() + index });
    let lines = 0;
    for (let nl = text.indexOf('\n'); nl !== -1 && nl <= lastNl; nl = text.indexOf('\n', nl + 1)) lines++;
    throw new InputError(message, { file, line: line + lines, column: index - lastNl });
  }

  function checkName(name: string, at: number, kind: string): void {
    if (name.length === 0) fail(`${kind} name expected`, at);
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c >= 128) {
        if (!XML_NAME.test(name)) fail(`invalid ${kind} name: ${JSON.stringify(name)}`, at);
        return;
      }
      if (NAME[c] === 0 || (i === 0 && NAME[c] !== 1)) fail(`invalid ${kind} name: ${JSON.stringify(name)}`, at);
    }
  }

  /** The name at [start, end): from the table, or checked and added. */
  function nameAt(start: number, end: number, kind: string): Name {
    const known = names.find(units, start, end);
    if (known !== null) return known;
    const text = decode(start, end);
    checkName(text, start, kind);
    return names.add(units, start, end, text);
  }

  /** A text node's units [start, end), which began at `counted`; `plain` when they were seen to hold nothing special. */
  function text(start: number, end: number, plain: boolean): void {
    if (pendingText.length === 0 && stack.length > 0) {
      if (!plain) {
        const u = units;
        let i = start;
        for (; i < end; i++) {
          const c = u[i];
          if (c < 0x20 || c === 0x26 || c === 0x5d || c >= high) break;
        }
        plain = i === end;
      }
      if (plain) {
        onText(start, end, null);
        commit(end);
        return;
      }
    }
    const raw = pendingText + decode(start, end);
    pendingText = '';
    let value: string;
    try {
      value = textValue(raw, stack.length === 0);
    } catch (error) {
      if (error instanceof TextProblem) failInText(error);
      throw error;
    }
    onText(-1, -1, value);
    countLines(start, end); // a pending start's lines were counted as it came
    commit(end);
  }

  /** CR LF and spaces up to a `<` at `lt`: Export-Clixml's indentation. */
  function indentation(pos: number, lt: number): boolean {
    if (lt - pos < 2 || lt - pos >= 66 || pendingText.length > 0 || units[pos] !== 0x0d || units[pos + 1] !== 0x0a) return false;
    for (let i = pos + 2; i < lt; i++) if (units[i] !== 0x20) return false;
    line++;
    lineStart = pos + 2;
    commit(lt);
    onText(pos, lt, INDENT_TEXT[lt - pos - 2]);
    return true;
  }

  /** Whitespace inside a tag from `i`, lines counted; returns where it ends and whether there was any. */
  function skipSpace(i: number): number {
    for (; i < n; i++) {
      const c = units[i];
      if (c === 0x0a) {
        line++;
        lineStart = i + 1;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    }
    return i;
  }

  /** One attribute `name="value"` at `i`, stored as the `count`th; returns the offset after it or -1. */
  function attribute(i: number, count: number): number {
    const nameStart = i;
    for (; i < n; i++) {
      const d = units[i];
      if (d < 0x40 && ENDS_ATTRIBUTE_NAME[d] === 1) break;
    }
    const nameEnd = i;
    i = skipSpace(i);
    if (i >= n) return -1;
    const name = nameAt(nameStart, nameEnd, 'attribute');
    if (units[i] !== 0x3d) fail(`attribute without value: ${name.text}`, i);
    i = skipSpace(i + 1);
    if (i >= n) return -1;
    const quote = units[i];
    if (quote !== 0x22 && quote !== 0x27) fail('attribute value must be quoted', i);
    // The closing quote, and whether anything in between needs a second look, in one pass.
    const u = units;
    let plain = true;
    let close = i + 1;
    for (; close < n; close++) {
      const c = u[close];
      if (c === quote) break;
      if (c < 0x20 || c === 0x26 || c === 0x3c || c >= high) plain = false;
    }
    if (close >= n) return -1;
    for (let k = 0; k < count; k++) if (attributes.names[k].text === name.text) fail(`duplicate attribute: ${name.text}`, nameStart);
    attributes.names[count] = name;
    attributes.starts[count] = i + 1;
    attributes.ends[count] = close;
    attributes.texts[count] = plain ? null : specialAttribute(i + 1, close);
    return close + 1;
  }

  /** An attribute value [start, end) with something to check or decode. */
  function specialAttribute(start: number, end: number): string {
    try {
      const value = attributeValue(decode(start, end));
      countLines(start, end);
      return value;
    } catch (error) {
      if (error instanceof TextProblem) fail(error.message, enc.offsetOf(units, start, error.index));
      throw error;
    }
  }

  /** Parses `<name attr="v" …>` at `pos`; returns the offset after it, or -1 if the input ends first. */
  function openTag(pos: number): number {
    let i = pos + 1;
    for (; i < n; i++) {
      const c = units[i];
      if (c < 0x40 && ENDS_TAG_NAME[c] === 1) break;
    }
    if (i >= n) return -1;
    const name = nameAt(pos + 1, i, 'element');
    if (stack.length === 0 && sawRoot) fail('documents may contain only one root', pos);
    for (let count = 0; ; count++) {
      const before = i;
      i = skipSpace(i);
      if (i >= n) return -1;
      const c = units[i];
      if (c === 0x3e || c === 0x2f) {
        if (c === 0x2f) {
          if (i + 1 >= n) return -1;
          if (units[i + 1] !== 0x3e) fail('expected ">" after "/"', i + 1);
        }
        const after = c === 0x2f ? i + 2 : i + 1;
        sawRoot = true;
        commit(after);
        attributes.count = count;
        attributes.units = units;
        onOpen(name, attributes, c === 0x2f);
        if (c === 0x2f) onClose(name);
        else stack.push(name);
        return after;
      }
      if (i === before) fail('no whitespace between attributes', i);
      i = attribute(i, count);
      if (i === -1) return -1;
    }
  }

  /** `</name>` at pos; returns the offset after it or -1. */
  function closeTag(pos: number): number {
    // Nearly always the close tag of the open element, written tight: no search needed.
    const top = stack[stack.length - 1];
    if (top !== undefined) {
      const after = pos + 2 + top.units.length;
      if (after < n && units[after] === 0x3e && matches(top.units, pos + 2)) {
        stack.pop();
        commit(after + 1);
        onClose(top);
        return after + 1;
      }
    }
    return closeTagSlow(pos);
  }

  function closeTagSlow(pos: number): number {
    const gt = find(0x3e, pos + 2);
    if (gt === -1) return -1;
    const top = stack.pop();
    let i = pos + 2 + (top?.units.length ?? 0);
    if (top === undefined || i > gt || !matches(top.units, pos + 2)) {
      const found = shownTag(decode(pos + 2, gt));
      fail(top !== undefined ? `unexpected close tag: expected </${top.text}>, found </${found}>` : `unexpected close tag </${found}>`, pos);
    }
    for (; i < gt; i++) {
      const c = units[i];
      if (!isSpace(c)) fail(`unexpected close tag: expected </${top.text}>, found </${shownTag(decode(pos + 2, gt))}>`, pos);
      if (c === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    commit(gt + 1);
    onClose(top);
    return gt + 1;
  }

  function matches(expected: Units, at: number): boolean {
    for (let k = 0; k < expected.length; k++) if (units[at + k] !== expected[k]) return false;
    return true;
  }

  /** True when the ASCII `text` is at `at`. */
  function startsWith(text: string, at: number): boolean {
    if (at + text.length > n) return false;
    for (let k = 0; k < text.length; k++) if (units[at + k] !== text.charCodeAt(k)) return false;
    return true;
  }

  /** The offset of the ASCII `text` at or after `from`, or -1. */
  function indexOf(text: string, from: number): number {
    for (let at = find(text.charCodeAt(0), from); at !== -1; at = find(text.charCodeAt(0), at + 1)) if (startsWith(text, at)) return at;
    return -1;
  }

  /** `<?…?>` or `<!--…-->` (skipped), DOCTYPE or CDATA (rejected); returns the offset after it or -1. */
  function special(pos: number): number {
    let after = -1;
    if (startsWith('<?', pos)) {
      const endPi = indexOf('?>', pos + 2);
      if (endPi !== -1) after = endPi + 2;
    } else if (n - pos < 4) {
      return -1;
    } else if (startsWith('<!--', pos)) {
      const endComment = indexOf('-->', pos + 4);
      if (endComment !== -1) after = endComment + 3;
    } else if (n - pos < 9) {
      return -1;
    } else if (startsWith('<!DOCTYPE', pos)) {
      fail('DOCTYPE is not allowed in CLIXML', pos);
    } else if (startsWith('<![CDATA[', pos)) {
      fail('CDATA is not allowed in CLIXML', pos);
    } else {
      fail('unexpected "<!"', pos);
    }
    if (after === -1) return -1;
    countLines(pos, after);
    commit(after);
    return after;
  }

  function markup(pos: number): number {
    if (pos + 1 >= n) return -1;
    const next = units[pos + 1];
    if (next === 0x2f) return closeTag(pos);
    if (next === 0x3f || next === 0x21) return special(pos);
    if (onLeaf !== undefined && stack.length >= 2) {
      const after = leaf(pos);
      if (after !== -1) return after;
    }
    return openTag(pos);
  }

  /**
   * `<name N="v">text</name>` or `<name N="v" />` at `pos`, written as Export-Clixml writes it, with nothing
   * to check or decode: read in one go. Returns the offset after it, or -1 to read it the general way
   * (nothing was done then). Never at the top level: only a record's own position is reported.
   */
  function leaf(pos: number): number {
    const u = units;
    let i = pos + 1;
    for (; i < n; i++) {
      const c = u[i];
      if (c < 0x40 && ENDS_TAG_NAME[c] === 1) break;
    }
    if (i + 4 >= n || u[i] !== 0x20 || u[i + 1] !== 0x4e || u[i + 2] !== 0x3d || u[i + 3] !== 0x22) return -1;
    const name = names.find(u, pos + 1, i);
    if (name === null || !(name.leaf ??= onLeaf!.accepts(name))) return -1;
    const nStart = i + 4;
    let j = nStart;
    for (; j < n; j++) {
      const c = u[j];
      if (c === 0x22) break;
      if (c < 0x20 || c === 0x26 || c === 0x3c || c >= high) return -1;
    }
    if (j + 2 >= n) return -1;
    const nEnd = j;
    if (u[j + 1] === 0x20 && u[j + 2] === 0x2f && j + 3 < n && u[j + 3] === 0x3e) return readLeaf(name, nStart, nEnd, j + 4, j + 4, j + 4);
    if (u[j + 1] === 0x2f && u[j + 2] === 0x3e) return readLeaf(name, nStart, nEnd, j + 3, j + 3, j + 3);
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
    if (end > n || u[t] !== 0x3c || u[t + 1] !== 0x2f || u[end - 1] !== 0x3e || !matches(name.units, t + 2)) return -1;
    return readLeaf(name, nStart, nEnd, textStart, t, end);
  }

  function readLeaf(name: Name, nStart: number, nEnd: number, textStart: number, textEnd: number, end: number): number {
    commit(textStart); // where a general reading would stand when the element opened and its text came
    onLeaf!.read(name, units, nStart, nEnd, textStart, textEnd);
    commit(end);
    return end;
  }

  /** Text that runs past this write: kept, decoded, until its end is seen; its lines are counted now. */
  function pending(pos: number): void {
    pendingText += decode(pos, n);
    if (pendingText.length > (options.maxPendingText ?? Infinity)) options.onLongText?.();
    countLines(pos, n);
  }

  /** Offsets in the next write start at `pos` of this one: what a line holds before it is measured now. */
  function shift(pos: number): void {
    if (counted < pos && counted >= 0) countedColumn = committedColumn();
    lineBefore = lineStart >= 0 ? (lineStart <= pos ? enc.utf16Length(units, lineStart, pos) : 0) : lineBefore + enc.utf16Length(units, 0, pos);
    savedLineBefore =
      savedLineStart >= 0 ? (savedLineStart <= pos ? enc.utf16Length(units, savedLineStart, pos) : 0) : savedLineBefore + enc.utf16Length(units, 0, pos);
    lineStart -= pos;
    savedLineStart -= pos;
    counted -= pos;
    bytes = pos < n ? Buffer.from(bytes.subarray(pos * enc.width)) : EMPTY;
    units = enc.view(bytes);
    n = units.length;
  }

  function read(pos: number): number {
    for (;;) {
      const u = units;
      // What runs to the next `<`: Export-Clixml's indentation, or a short value seen in the same pass.
      let lt = pos;
      let plain = true;
      if (u[pos] === 0x0d && pos + 1 < n && u[pos + 1] === 0x0a) {
        lt = pos + 2;
        while (lt < n && u[lt] === 0x20) lt++;
        if (lt >= n || u[lt] !== 0x3c) lt = -1;
        plain = false;
      } else {
        const stop = Math.min(n, pos + SHORT_TEXT);
        for (; lt < stop; lt++) {
          const c = u[lt];
          if (c === 0x3c) break;
          if (c < 0x20 || c === 0x26 || c === 0x5d || c >= high) plain = false;
        }
        if (lt === stop) [lt, plain] = [-1, false];
      }
      if (lt === -1) lt = find(0x3c, pos);
      if (lt === -1) {
        pending(pos);
        return n;
      }
      if ((lt > pos || pendingText.length > 0) && !indentation(pos, lt)) text(pos, lt, plain && pendingText.length === 0);
      const after = markup(lt);
      if (after === -1) {
        rollback(); // the unfinished construct is read again, whole, next time
        return lt;
      }
      pos = after;
    }
  }

  const tokenizer: Tokenizer = {
    write(chunk: Buffer) {
      if (closed) throw new Error('write after close');
      bytes = bytes.length > 0 ? Buffer.concat([bytes, chunk]) : chunk;
      units = enc.view(bytes);
      n = units.length;
      shift(read(0));
      return tokenizer;
    },
    close() {
      if (closed) return tokenizer;
      closed = true;
      if (n > 0) fail('unexpected end of file inside markup', 0);
      if (pendingText.length > 0) {
        let value: string;
        try {
          value = textValue(pendingText, stack.length === 0);
        } catch (error) {
          if (error instanceof TextProblem) failInText(error);
          throw error;
        }
        pendingText = '';
        onText(-1, -1, value);
        commit(0);
      }
      if (stack.length > 0) fail(`unclosed tag: ${stack[stack.length - 1].text}`, 0);
      if (!sawRoot) fail('document must contain a root element', 0);
      return tokenizer;
    },
    textOf: decode,
    textIs: (start, end, text) => end - start === text.length && startsWith(text, start),
    position() {
      // The saved values are those at `counted`; `line` may be ahead, in a text still being read.
      return { line: savedLine, column: committedColumn() };
    },
    end() {
      // Newlines up to the unfinished construct are counted (a text's as it comes); its own are not.
      let [endLine, lastNl] = [line, -1];
      for (let nl = enc.find(bytes, units, 0x0a, 0, n); nl !== -1; nl = enc.find(bytes, units, 0x0a, nl + 1, n)) [endLine, lastNl] = [endLine + 1, nl];
      return lastNl === -1 ? { line, column: columnAt(n, lineStart, lineBefore) } : { line: endLine, column: enc.utf16Length(units, lastNl + 1, n) + 1 };
    },
    state() {
      return { depth: stack.length, line, clean: n === 0 && /^[ \t\r\n]*$/.test(pendingText) };
    },
  };
  return tokenizer;
}
