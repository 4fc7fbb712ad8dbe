// The second look at a text or attribute value that holds something other than plain characters: line
// ends, `&` references, control characters, `]]>`. Rare in an export, so done on strings; a problem is
// reported at an index of the string it was found in, which the tokenizer turns into a line and column.

/** A problem at `index` of `text`. */
export class TextProblem extends Error {
  constructor(
    message: string,
    readonly text: string,
    readonly index: number,
  ) {
    super(message);
  }
}

// Controls (CR, LF and tab included), `&`, non-characters, and `]` (for `]]>`): a text without any is used as it is.
const SPECIAL_TEXT = /[\u0000-\u001f&\]\ufffe\uffff]/;
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));/g;
const BAD_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const isXmlChar = (cp: number) =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Decodes entities and character references of `text`; a problem is at an index of `text`. */
function decodeEntities(text: string): string {
  if (text.indexOf('&') === -1) return text;
  const stray = BAD_AMPERSAND.exec(text);
  if (stray) throw new TextProblem('undefined entity or bare "&" (write &amp;)', text, stray.index);
  return text.replace(ENTITY, (match: string, name: string | undefined, dec: string | undefined, hex: string | undefined, index: number) => {
    if (name !== undefined) return PREDEFINED[name];
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    if (!isXmlChar(cp)) throw new TextProblem(`character reference to a disallowed character: ${match}`, text, index);
    return String.fromCodePoint(cp);
  });
}

/** A text node's characters as XML means them: CR LF and lone CR are LF, then references are decoded. */
export function textValue(raw: string, outsideRoot: boolean): string {
  if (outsideRoot) {
    for (let i = 0; i < raw.length; i++) if (!isSpace(raw.charCodeAt(i))) throw new TextProblem('text data outside of root node', raw, i);
  }
  if (!SPECIAL_TEXT.test(raw)) return raw;
  const bad = FORBIDDEN.exec(raw);
  if (bad) throw new TextProblem('disallowed character', raw, bad.index);
  const cdataEnd = raw.indexOf(']]>');
  if (cdataEnd !== -1) throw new TextProblem('the string "]]>" is disallowed in char data', raw, cdataEnd);
  // Line ends first, then references, so `&#13;` stays a CR.
  return decodeEntities(raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n'));
}

/**
 * An attribute value as XML means it: each literal CR LF, CR, LF or tab is one space, then references are
 * decoded. A problem's index counts in `raw` (only CR LF changes the length, and it cannot precede a
 * reference on the same line, so the index of a bad reference holds there too).
 */
export function attributeValue(raw: string): string {
  const bad = FORBIDDEN.exec(raw) ?? /</.exec(raw);
  if (bad) throw new TextProblem(bad[0] === '<' ? 'attribute value holds "<"' : 'disallowed character', raw, bad.index);
  return decodeEntities(raw.replace(/\r\n|[\r\n\t]/g, ' '));
}
