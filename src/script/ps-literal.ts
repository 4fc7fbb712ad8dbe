// The one place a value becomes PowerShell source. Every string from an export or plan goes through
// psString(): printable ASCII runs become single-quoted literals (quotes doubled), every other character
// becomes [char]0xHHHH, joined with `+`. The result is pure ASCII, so it survives Windows PowerShell 5.1
// reading the file in the ANSI code page (research/security.md §1, §2.2 P-1..P-13).

/** The five characters PowerShell's tokenizer treats as a single quote (CharTraits.IsSingleQuote). */
export const SINGLE_QUOTES: readonly string[] = ['\u0027', '\u2018', '\u2019', '\u201a', '\u201b'];

/** Printable ASCII is kept as is inside quotes; everything else is spelled as a [char] code. */
function isPlain(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

function quoted(run: string): string {
  let body = '';
  for (const ch of run) body += SINGLE_QUOTES.includes(ch) ? ch + ch : ch;
  return `'${body}'`;
}

function charCode(code: number): string {
  return `[char]0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A PowerShell expression that evaluates to exactly `value`, safe as a command argument:
 * `'abc'`, or `('Pe' + [char]0x00F1 + 'a')`. Iterates UTF-16 code units, so astral characters come out
 * as surrogate pairs and lone surrogates survive.
 */
export function psString(value: string): string {
  const parts: string[] = [];
  let run = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isPlain(code)) {
      run += value[i];
      continue;
    }
    if (run !== '') parts.push(quoted(run));
    run = '';
    // [char] + [char] would add numbers: a leading '' keeps the whole sum a string.
    if (parts.length === 0) parts.push("''");
    parts.push(charCode(code));
  }
  if (run !== '' || parts.length === 0) parts.push(quoted(run));
  return parts.length === 1 ? parts[0] : `(${parts.join(' + ')})`;
}

/** `$true` / `$false` from a real boolean only. */
export function psBool(value: boolean): string {
  if (typeof value !== 'boolean') throw new TypeError('psBool: not a boolean');
  return value ? '$true' : '$false';
}

/** A bare word from an allow-list (enum names, cmdlet parameter values); anything else throws. */
export function psEnum<T extends string>(value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value) || !/^[A-Za-z][A-Za-z0-9]*$/.test(value)) {
    throw new TypeError('psEnum: value not in the allow-list');
  }
  return value as T;
}

/** A decimal integer literal from a safe integer only. */
export function psInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError('psInteger: not a safe integer');
  return String(value);
}
