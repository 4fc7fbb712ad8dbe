// Small HTML building blocks for the summary. Every argument named `html` is already escaped markup;
// everything else is escaped here.
import { esc, linkOrText, num } from './summary-html-text.js';

export type Tone = 'blocker' | 'error' | 'warning' | 'info' | 'ok';

export interface BarRow {
  /** Escaped markup for the label cell. */
  html: string;
  /** Stable name for the count (data-key), so tools and tests can find it. */
  key: string;
  count: number;
  tone?: Tone;
}

/** Counts with an inline bar each, as a share of `of` (the group's total). */
export function barTable(caption: string, rows: readonly BarRow[], of: number): string {
  const body = rows
    .map((r) => {
      const pct = of > 0 ? Math.min(100, (100 * r.count) / of) : 0;
      const cls = [r.tone && r.tone !== 'info' ? r.tone : '', r.count === 0 ? 'zero' : ''].filter(Boolean).join(' ');
      return `<tr><th scope="row">${r.html}</th><td class="n" data-key="${esc(r.key)}">${num(r.count)}</td><td class="bar"><div class="track"><span${cls ? ` class="${cls}"` : ''} style="width:${pct.toFixed(1)}%"></span></div></td></tr>`;
    })
    .join('\n');
  return `<table class="bars"><caption hidden>${esc(caption)}</caption>\n${body}\n</table>`;
}

/** A heading with its count in a badge: red (or amber for a warning) when there is something to do, green when none. */
export function countedHeading(title: string, key: string, count: number, tone: 'blocker' | 'warning' = 'blocker'): string {
  const cls = count === 0 ? ' zero' : tone === 'warning' ? ' warning' : '';
  return `<h3>${esc(title)} <span class="count${cls}" data-key="${esc(key)}">${num(count)}</span></h3>`;
}

/** Headers ending in `!` name a column that must not wrap (short codes such as a type name). */
export function table(headers: readonly string[], rows: readonly string[][]): string {
  const keep = headers.map((h) => h.endsWith('!'));
  const head = `<thead><tr>${headers.map((h, i) => `<th scope="col">${esc(keep[i] ? h.slice(0, -1) : h)}</th>`).join('')}</tr></thead>`;
  return `<table>${head}<tbody>\n${rows.map((cells) => `<tr>${cells.map((c, i) => `<td${keep[i] ? ' class="nowrap"' : ''}>${c}</td>`).join('')}</tr>`).join('\n')}\n</tbody></table>`;
}

export function tile(value: number, what: string, key: string, tone: 'bad' | 'good' | 'neutral', detail = ''): string {
  const sub = detail ? ` <span class="sub">${esc(detail)}</span>` : '';
  return `<div class="tile${tone === 'neutral' ? '' : ` ${tone}`}"><span class="big" data-key="${esc(key)}">${num(value)}</span><span class="what">${esc(what)}</span>${sub}</div>`;
}

/** A key number that cannot be given: its scanner did not run. */
export function notScannedTile(what: string, key: string): string {
  return `<div class="tile"><span class="big" data-key="${esc(key)}">–</span><span class="what">${esc(what)}</span> <span class="sub">not scanned</span></div>`;
}

export const none = (text: string): string => `<p class="none">${esc(text)}</p>`;

/** `where`: the CSV files that list them all (one, or the numbered parts of a report past Excel's rows). */
export const more = (shown: number, total: number, where: readonly string[]): string => {
  if (total <= shown) return '';
  const files = where.map((f) => `<code>${esc(f)}</code>`);
  const list = files.length === 1 ? files[0] : `${files.slice(0, -1).join(', ')} and ${files[files.length - 1]}`;
  return `<p class="more">… and ${num(total - shown)} more (all of them in ${list}).</p>`;
};

/** A main text with a muted second line when it differs (e.g. an application's friendly name). */
export function withSub(main: string, sub: string | null): string {
  return sub && sub !== main ? `${esc(main)}<span class="sub">${esc(sub)}</span>` : esc(main);
}

export { esc, linkOrText, num };
