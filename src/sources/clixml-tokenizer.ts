// A streaming tokenizer for the XML subset Export-Clixml writes: elements, attributes with quoted
// values, text, the five predefined entities and numeric character references. It emits saxes's
// events (opentag, text, closetag; same tag shape, same normalized text) and rejects what CLIXML
// never holds: DOCTYPE, CDATA. Comments and processing instructions (the XML declaration) are skipped.
// Why it beats saxes: markup is found with indexOf instead of a per-character state machine, plain
// values are sliced without a second look, the CR LF + spaces between elements become shared strings,
// and lines are counted where newlines are met rather than per character (issue 6: 0.71-0.73x bare saxes).
import { InputError } from '../errors.js';

export interface Tag {
  name: string;
  /** No inherited members (a frozen, empty, null-prototype object is the prototype): `__proto__` is just a key. */
  attributes: Record<string, string>;
  isSelfClosing: boolean;
}

export interface Handlers {
  opentag?(tag: Tag): void;
  text?(text: string): void;
  closetag?(tag: Tag): void;
}

/**
 * One element's attributes, in document order. The tokenizer reuses this object for the next element:
 * read what you need in the handler, keep nothing. Values may be slices of the chunk: copy one you keep.
 */
export interface Attributes {
  count: number;
  names: string[];
  values: string[];
}

/** The reader's interface: no object per element. A self-closing element is an open then a close. */
export interface LeanHandlers {
  open(name: string, attributes: Attributes, selfClosing: boolean): void;
  text(text: string): void;
  close(name: string): void;
}

/** The value of attribute `name`, or undefined. */
export function attributeOf(attributes: Attributes, name: string): string | undefined {
  for (let i = 0; i < attributes.count; i++) if (attributes.names[i] === name) return attributes.values[i];
  return undefined;
}

export interface Tokenizer {
  write(chunk: string): Tokenizer;
  close(): Tokenizer;
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

// ASCII name characters: 1 may start a name, 2 may only continue one. Non-ASCII names take the full rule.
const NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) NAME[c] = 1;
  else if (/[0-9.-]/.test(ch)) NAME[c] = 2;
}
const START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const XML_NAME = new RegExp(`^[${START}][${START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]*$`, 'u');
// Anything in a value that needs a second look: controls (incl. CR, LF, tab), `&`, non-characters,
// and `]]>` (text) or `<` (attributes). Values without any are used as sliced.
// `]` stands in for `]]>`: a character class alone is scanned much faster than one with an alternative.
const SPECIAL_TEXT = /[\u0000-\u001f&\]\ufffe\uffff]/;
const SPECIAL_ATTRIBUTE = /[\u0000-\u001f&<\ufffe\uffff]/;
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));/g;
const BAD_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// Export-Clixml's indentation, CR LF and n spaces, normalized (to LF) once and reused.
const INDENT_TEXT = Array.from({ length: 64 }, (_, n) => '\n' + ' '.repeat(n));
const NO_ATTRIBUTES = Object.freeze(Object.create(null)) as Record<string, string>;
// Recently seen element and attribute names, by a hash of their length and three characters. An export
// repeats a few dozen names millions of times: a hit costs a compare instead of a check and a new string,
// and hands out the same string each time, whose hash V8 keeps for the reader's look-ups.
const CACHE_BITS = 10;
const MAX_CACHED_LENGTH = 64;

// Characters that end a tag name (space, tab, CR, LF, `/`, `>`) or an attribute name (those and `=`).
const ENDS_TAG_NAME = new Uint8Array(0x40);
for (const c of [0x20, 0x09, 0x0d, 0x0a, 0x2f, 0x3e]) ENDS_TAG_NAME[c] = 1;
const ENDS_ATTRIBUTE_NAME = ENDS_TAG_NAME.slice();
ENDS_ATTRIBUTE_NAME[0x3d] = 1;

// A property key is V8's internalized copy of a string: equal to the reader's tag and property literals by
// pointer, so its look-ups and compares are one step. (Names are never numeric keys: they cannot start with a digit.)
const intern = (text: string): string => Object.keys({ [text]: 0 })[0];

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isXmlChar = (cp: number) =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);

/** saxes-shaped events (a Tag object per element): for comparison with saxes and for the benchmark. */
export function createSaxesShapedTokenizer(handlers: Handlers, options: { fileName?: string } = {}): Tokenizer {
  const open: Tag[] = [];
  return createClixmlTokenizer(
    {
      open(name, list, isSelfClosing) {
        const attributes = Object.create(NO_ATTRIBUTES) as Record<string, string>;
        for (let i = 0; i < list.count; i++) attributes[list.names[i]] = list.values[i];
        const tag: Tag = { name, attributes, isSelfClosing };
        open.push(tag);
        handlers.opentag?.(tag);
      },
      text: (text) => handlers.text?.(text),
      close: () => handlers.closetag?.(open.pop()!),
    },
    options,
  );
}

/** Reports each element, text node and end through `handlers` as the chunks are written. */
export interface TokenizerOptions {
  fileName?: string;
  start?: TokenizerStart;
  /**
   * A text still being read that grows past this many characters calls `onLongText` (which should throw):
   * without it, a value with no end in sight would be held whole until its end, however long.
   */
  maxPendingText?: number;
  onLongText?: () => never;
}

export function createClixmlTokenizer(handlers: LeanHandlers, options: TokenizerOptions = {}): Tokenizer {
  const file = options.fileName ?? '<input>';
  const onOpen = handlers.open;
  const onText = handlers.text;
  const onClose = handlers.close;
  const stack: string[] = [...(options.start?.open ?? [])];
  const attributes: Attributes = { count: 0, names: [], values: [] };
  const nameCache: string[] = new Array<string>(1 << CACHE_BITS).fill('');
  let sawRoot = stack.length > 0;
  let closed = false;
  let buf = ''; // what is being read: the unfinished construct of the last write, then the new chunk
  let rest = ''; // an unfinished construct carried to the next write
  let pendingText = ''; // raw text of a node that spans writes
  // Lines: every newline before offset `counted` of buf is in `line`; `lineStart` is the offset where
  // the current line begins (negative once it began in an earlier write). `saved*` are their values at
  // `counted`, to roll back a construct that turns out unfinished or bad.
  let line = options.start?.line ?? 1;
  let lineStart = 0;
  let counted = 0;
  let savedLine = line;
  let savedLineStart = 0;

  function countLines(from: number, to: number): void {
    let nl = buf.indexOf('\n', from);
    while (nl !== -1 && nl < to) {
      line++;
      lineStart = nl + 1;
      nl = buf.indexOf('\n', nl + 1);
    }
  }

  function commit(to: number): void {
    counted = to;
    savedLine = line;
    savedLineStart = lineStart;
  }

  function rollback(): void {
    line = savedLine;
    lineStart = savedLineStart;
  }

  /** buf[start, stop) from the cache if it is there; else null. */
  function recall(start: number, stop: number): string | null {
    const length = stop - start;
    if (length === 0 || length > MAX_CACHED_LENGTH) return null; // an empty name is an error, never a hit
    const slot = cacheSlot(start, stop);
    const hit = nameCache[slot];
    return hit.length === length && buf.startsWith(hit, start) ? hit : null;
  }

  function cacheSlot(start: number, stop: number): number {
    const length = stop - start;
    return (length * 31 + buf.charCodeAt(start) * 7 + buf.charCodeAt(stop - 1) * 13 + buf.charCodeAt(start + (length >> 1))) & ((1 << CACHE_BITS) - 1);
  }

  /** buf[start, stop), kept in the cache as V8's own copy when short (a slice would pin the whole chunk). */
  function keep(start: number, stop: number): string {
    const text = buf.slice(start, stop);
    if (stop - start > MAX_CACHED_LENGTH) return text;
    const copy = intern(text);
    nameCache[cacheSlot(start, stop)] = copy;
    return copy;
  }

  function fail(message: string, at: number): never {
    rollback();
    countLines(counted, at);
    throw new InputError(message, { file, line, column: at - lineStart + 1 });
  }

  /** A bad character at `index` of a text node, which began at `counted` (perhaps in an earlier write). */
  function failInText(message: string, raw: string, index: number): never {
    rollback();
    const lastNl = raw.lastIndexOf('\n', index - 1);
    if (lastNl === -1) throw new InputError(message, { file, line, column: counted + index - lineStart + 1 });
    let lines = 0;
    for (let nl = raw.indexOf('\n'); nl !== -1 && nl <= lastNl; nl = raw.indexOf('\n', nl + 1)) lines++;
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

  /** Decodes entities and character references; `bad` reports a problem at an index of `raw`. */
  function decodeEntities(raw: string, bad: (message: string, index: number) => never): string {
    if (raw.indexOf('&') === -1) return raw;
    const stray = BAD_AMPERSAND.exec(raw);
    if (stray) bad('undefined entity or bare "&" (write &amp;)', stray.index);
    return raw.replace(ENTITY, (match: string, name: string | undefined, dec: string | undefined, hex: string | undefined, index: number) => {
      if (name !== undefined) return PREDEFINED[name];
      const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
      if (!isXmlChar(cp)) bad(`character reference to a disallowed character: ${match}`, index);
      return String.fromCodePoint(cp);
    });
  }

  /** A text node's raw characters; it began at `counted`. */
  function emitText(raw: string): void {
    if (stack.length === 0) {
      for (let i = 0; i < raw.length; i++) if (!isSpace(raw.charCodeAt(i))) failInText('text data outside of root node', raw, i);
    }
    if (SPECIAL_TEXT.test(raw)) {
      const bad = FORBIDDEN.exec(raw);
      if (bad) failInText('disallowed character', raw, bad.index);
      const cdataEnd = raw.indexOf(']]>');
      if (cdataEnd !== -1) failInText('the string "]]>" is disallowed in char data', raw, cdataEnd);
      // Line ends first (CR LF and lone CR are LF), then references, so `&#13;` stays a CR.
      const text = raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n');
      raw = decodeEntities(text, (message, index) => failInText(message, text, index));
    }
    onText(raw);
  }

  /** A value with something to check or decode (SPECIAL_ATTRIBUTE). */
  function attributeValue(raw: string, at: number): string {
    const bad = FORBIDDEN.exec(raw) ?? /</.exec(raw);
    if (bad) fail(bad[0] === '<' ? 'attribute value holds "<"' : 'disallowed character', at + bad.index);
    countLines(at, at + raw.length);
    // Attribute-value normalization: each literal CR LF, CR, LF or tab is one space.
    // Only CR LF changes length, and it cannot precede a reference on the same line: indexes hold.
    return decodeEntities(raw.replace(/\r\n|[\r\n\t]/g, ' '), (message, index) => fail(message, at + index));
  }

  /** Parses `<name attr="v" …>` at `pos`; returns the offset after it, or -1 if the buffer ends first. */
  function openTag(pos: number): number {
    const end = buf.length;
    let i = pos + 1;
    for (; i < end; i++) {
      const c = buf.charCodeAt(i);
      if (c < 0x40 && ENDS_TAG_NAME[c] === 1) break;
    }
    if (i >= end) return -1;
    let name = recall(pos + 1, i);
    if (name === null) {
      checkName(buf.slice(pos + 1, i), pos + 1, 'element');
      name = keep(pos + 1, i);
    }
    if (stack.length === 0 && sawRoot) fail('documents may contain only one root', pos);
    let count = 0;
    let spaced = false;
    for (;;) {
      for (; i < end; i++) {
        const c = buf.charCodeAt(i);
        if (c === 0x20 || c === 0x09 || c === 0x0d) spaced = true;
        else if (c === 0x0a) {
          spaced = true;
          line++;
          lineStart = i + 1;
        } else break;
      }
      if (i >= end) return -1;
      const c = buf.charCodeAt(i);
      if (c === 0x3e || c === 0x2f) {
        if (c === 0x2f) {
          if (i + 1 >= end) return -1;
          if (buf.charCodeAt(i + 1) !== 0x3e) fail('expected ">" after "/"', i + 1);
        }
        const selfClosing = c === 0x2f;
        const after = selfClosing ? i + 2 : i + 1;
        sawRoot = true;
        commit(after);
        attributes.count = count;
        onOpen(name, attributes, selfClosing);
        if (selfClosing) onClose(name);
        else stack.push(name);
        return after;
      }
      if (!spaced) fail('no whitespace between attributes', i);
      const nameStart = i;
      for (; i < end; i++) {
        const d = buf.charCodeAt(i);
        if (d < 0x40 && ENDS_ATTRIBUTE_NAME[d] === 1) break;
      }
      const nameEnd = i;
      for (; i < end && isSpace(buf.charCodeAt(i)); i++) if (buf.charCodeAt(i) === 0x0a) (line++, (lineStart = i + 1));
      if (i >= end) return -1;
      let attrName = recall(nameStart, nameEnd);
      if (attrName === null) {
        checkName(buf.slice(nameStart, nameEnd), nameStart, 'attribute');
        attrName = keep(nameStart, nameEnd);
      }
      if (buf.charCodeAt(i) !== 0x3d) fail(`attribute without value: ${attrName}`, i);
      for (i++; i < end && isSpace(buf.charCodeAt(i)); i++) if (buf.charCodeAt(i) === 0x0a) (line++, (lineStart = i + 1));
      if (i >= end) return -1;
      const quote = buf.charCodeAt(i);
      if (quote !== 0x22 && quote !== 0x27) fail('attribute value must be quoted', i);
      const close = buf.indexOf(quote === 0x22 ? '"' : "'", i + 1);
      if (close === -1) return -1;
      for (let k = 0; k < count; k++) if (attributes.names[k] === attrName) fail(`duplicate attribute: ${attrName}`, nameStart);
      const raw = buf.slice(i + 1, close);
      const value = SPECIAL_ATTRIBUTE.test(raw) ? attributeValue(raw, i + 1) : raw;
      attributes.names[count] = attrName;
      attributes.values[count] = value;
      count++;
      i = close + 1;
      spaced = false;
    }
  }

  /** `</name>` at pos; returns the offset after it or -1. */
  function closeTag(pos: number): number {
    const gt = buf.indexOf('>', pos + 2);
    if (gt === -1) return -1;
    const top = stack.pop();
    let i = pos + 2 + (top?.length ?? 0);
    if (top === undefined || !buf.startsWith(top, pos + 2) || i > gt) {
      const found = buf.slice(pos + 2, gt).trimEnd();
      fail(top !== undefined ? `unexpected close tag: expected </${top}>, found </${found}>` : `unexpected close tag </${found}>`, pos);
    }
    for (; i < gt; i++) {
      const c = buf.charCodeAt(i);
      if (!isSpace(c)) fail(`unexpected close tag: expected </${top}>, found </${buf.slice(pos + 2, gt).trimEnd()}>`, pos);
      if (c === 0x0a) (line++, (lineStart = i + 1));
    }
    commit(gt + 1);
    onClose(top);
    return gt + 1;
  }

  /** `<?…?>` or `<!--…-->` (skipped), DOCTYPE or CDATA (rejected); returns the offset after it or -1. */
  function special(pos: number): number {
    let after = -1;
    if (buf.startsWith('<?', pos)) {
      const endPi = buf.indexOf('?>', pos + 2);
      if (endPi !== -1) after = endPi + 2;
    } else if (buf.length - pos < 4) {
      return -1;
    } else if (buf.startsWith('<!--', pos)) {
      const endComment = buf.indexOf('-->', pos + 4);
      if (endComment !== -1) after = endComment + 3;
    } else if (buf.length - pos < 9) {
      return -1;
    } else if (buf.startsWith('<!DOCTYPE', pos)) {
      fail('DOCTYPE is not allowed in CLIXML', pos);
    } else if (buf.startsWith('<![CDATA[', pos)) {
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
    if (pos + 1 >= buf.length) return -1;
    const next = buf.charCodeAt(pos + 1);
    if (next === 0x2f) return closeTag(pos);
    if (next === 0x3f || next === 0x21) return special(pos);
    return openTag(pos);
  }

  /** The text from pos to lt: indentation fast, anything else through emitText. */
  function text(pos: number, lt: number): void {
    if (pendingText.length === 0 && lt - pos >= 2 && lt - pos < 66 && buf.charCodeAt(pos) === 0x0d && buf.charCodeAt(pos + 1) === 0x0a) {
      let i = pos + 2;
      while (i < lt && buf.charCodeAt(i) === 0x20) i++;
      if (i === lt) {
        line++;
        lineStart = pos + 2;
        commit(lt);
        onText(INDENT_TEXT[lt - pos - 2]);
        return;
      }
    }
    const raw = pendingText.length > 0 ? pendingText + buf.slice(pos, lt) : buf.slice(pos, lt);
    pendingText = '';
    emitText(raw);
    countLines(pos, lt); // a pending start's lines were counted as it came
    commit(lt);
  }

  const tokenizer: Tokenizer = {
    write(chunk: string) {
      if (closed) throw new Error('write after close');
      buf = rest.length > 0 ? rest + chunk : chunk;
      let pos = 0;
      for (;;) {
        const lt = buf.indexOf('<', pos);
        if (lt === -1) {
          // Text runs past this chunk: keep it raw until its end is seen.
          // Its lines are counted now, but the commit point stays at its start for error positions.
          pendingText += buf.slice(pos);
          if (pendingText.length > (options.maxPendingText ?? Infinity)) options.onLongText?.();
          countLines(pos, buf.length);
          pos = buf.length;
          break;
        }
        if (lt > pos || pendingText.length > 0) text(pos, lt);
        const after = markup(lt);
        if (after === -1) {
          rollback(); // the unfinished construct is read again, whole, next time
          pos = lt;
          break;
        }
        pos = after;
      }
      rest = buf.slice(pos);
      // Offsets in the next buffer start at `pos` of this one.
      lineStart -= pos;
      savedLineStart -= pos;
      counted -= pos;
      return tokenizer;
    },
    close() {
      if (closed) return tokenizer;
      closed = true;
      buf = rest;
      if (rest.length > 0) fail('unexpected end of file inside markup', 0);
      if (pendingText.length > 0) {
        emitText(pendingText);
        commit(0);
      }
      if (stack.length > 0) fail(`unclosed tag: ${stack[stack.length - 1]}`, 0);
      if (!sawRoot) fail('document must contain a root element', 0);
      return tokenizer;
    },
    position() {
      // The saved values are those at `counted`; `line` may be ahead, in a text still being read.
      return { line: savedLine, column: counted - savedLineStart + 1 };
    },
    end() {
      // Newlines up to `rest` are counted (a text's as it comes); the unfinished construct's are not.
      let [endLine, lastNl] = [line, -1];
      for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', nl + 1)) [endLine, lastNl] = [endLine + 1, nl];
      return lastNl === -1 ? { line, column: rest.length - lineStart + 1 } : { line: endLine, column: rest.length - lastNl };
    },
    state() {
      return { depth: stack.length, line, clean: rest.length === 0 && /^[ \t\r\n]*$/.test(pendingText) };
    },
  };
  return tokenizer;
}
