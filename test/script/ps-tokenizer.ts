// A small PowerShell tokenizer for the tests: just enough of the language to tell string literals from
// code. Rules (PowerShell tokenizer.cs / CharTraits.cs): five single-quote characters open and close
// '...' strings, and inside one a pair of any two of them yields the second; four double-quote
// characters open "..." strings; # starts a comment to the end of the line, <# ... #> a block comment;
// @' and @" open here-strings; [char]0xHHHH is a character.

export type Token =
  | { kind: 'string'; value: string }
  | { kind: 'char'; value: string }
  | { kind: 'comment'; text: string }
  | { kind: 'expandable'; text: string }
  | { kind: 'herestring'; text: string }
  | { kind: 'code'; text: string };

export const SINGLE_QUOTES = new Set(['\u0027', '\u2018', '\u2019', '\u201a', '\u201b']);
const DOUBLE_QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let code = '';
  const push = (token: Token) => {
    if (code) tokens.push({ kind: 'code', text: code });
    code = '';
    tokens.push(token);
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '<' && src[i + 1] === '#') {
      const end = src.indexOf('#>', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      push({ kind: 'comment', text: src.slice(i, stop) });
      i = stop;
    } else if (ch === '#') {
      let stop = i;
      while (stop < src.length && src[stop] !== '\n' && src[stop] !== '\r') stop++;
      push({ kind: 'comment', text: src.slice(i, stop) });
      i = stop;
    } else if (ch === '@' && (SINGLE_QUOTES.has(src[i + 1]) || DOUBLE_QUOTES.has(src[i + 1]))) {
      push({ kind: 'herestring', text: src.slice(i) });
      i = src.length;
    } else if (SINGLE_QUOTES.has(ch)) {
      const start = i;
      let value = '';
      i++;
      while (i < src.length) {
        if (SINGLE_QUOTES.has(src[i])) {
          if (SINGLE_QUOTES.has(src[i + 1])) {
            value += src[i + 1];
            i += 2;
            continue;
          }
          break;
        }
        value += src[i++];
      }
      if (i >= src.length) {
        // Unterminated: keep the raw text as code, so a payload check still sees it.
        code += src.slice(start);
        break;
      }
      i++;
      push({ kind: 'string', value });
    } else if (DOUBLE_QUOTES.has(ch)) {
      let stop = i + 1;
      while (stop < src.length && !DOUBLE_QUOTES.has(src[stop])) stop += src[stop] === '`' ? 2 : 1;
      push({ kind: 'expandable', text: src.slice(i, stop + 1) });
      i = stop + 1;
    } else if (/^\[char\]0x[0-9A-Fa-f]{4}/.test(src.slice(i, i + 14))) {
      push({ kind: 'char', value: String.fromCharCode(parseInt(src.slice(i + 8, i + 12), 16)) });
      i += 12;
    } else {
      code += ch;
      i++;
    }
  }
  if (code) tokens.push({ kind: 'code', text: code });
  return tokens;
}

/**
 * Evaluates an expression psString() may emit: `'…'`, or `(` item ( `+` item )* `)` with items `'…'`
 * and `[char]0xHHHH`. Throws on anything else, so stray code fails the test.
 */
export function evaluate(expression: string): string {
  const tokens = tokenize(expression);
  const shape = tokens.map((t) => (t.kind === 'code' ? t.text.replace(/\s+/g, '') : t.kind === 'string' ? 'S' : t.kind === 'char' ? 'C' : '?')).join('');
  if (!/^(S|\((S|C)(\+(S|C))*\))$/.test(shape)) throw new Error(`not a literal expression: ${shape}`);
  return tokens.map((t) => (t.kind === 'string' || t.kind === 'char' ? t.value : '')).join('');
}

/** Every string value in a script: runs of '…' and [char] joined by `+`, concatenated. */
export function stringValues(tokens: Token[]): string[] {
  const values: string[] = [];
  let current: string | null = null;
  for (const token of tokens) {
    if (token.kind === 'string' || token.kind === 'char') {
      current = (current ?? '') + token.value;
    } else if (token.kind === 'code' && /^\s*\+\s*$/.test(token.text) && current !== null) {
      continue;
    } else {
      if (current !== null) values.push(current);
      current = null;
    }
  }
  if (current !== null) values.push(current);
  return values;
}

/** Text a reader or PowerShell sees outside string literals: code, and comments with their literals removed. */
export function textOutsideLiterals(tokens: Token[]): string {
  return tokens
    .map((t) => {
      if (t.kind === 'code' || t.kind === 'expandable' || t.kind === 'herestring') return t.text;
      if (t.kind === 'comment') {
        // A comment may quote ids as psString() literals; what is left besides them must be clean too.
        const body = t.text.replace(/^<?#/, '');
        return `#${textOutsideLiterals(tokenize(body))}`;
      }
      return ' ';
    })
    .join('');
}
