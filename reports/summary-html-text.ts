// Text from an export is hostile until shown otherwise (research/security.md §2.5 F-9, CWE-79): every value
// is escaped, controls and bidi overrides are made visible, and only http/https URLs become links.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** C0 controls (but TAB and LF) and DEL as Control Pictures; bidi controls as a visible code (Trojan Source). */
function showControls(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** Safe as element text and as a quoted attribute value. */
export function esc(value: unknown): string {
  return showControls(String(value ?? '')).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A link when the value is an absolute http(s) URL; anything else (javascript:, file:, UNC) stays text. */
export function linkOrText(value: string | null | undefined): string {
  if (!value) return '';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return esc(value);
  }
  // URL() forgives leading blanks and controls; insist the text itself starts with the scheme.
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !/^https?:\/\//i.test(value)) return esc(value);
  return `<a href="${esc(url.href)}" rel="noopener noreferrer">${esc(value)}</a>`;
}

/** 1234567 → "1,234,567", the same on every machine (toLocaleString depends on the ICU data). */
export function num(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
