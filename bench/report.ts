// Turns the runs into medians, the goals (issue 14's; issue 6's for the split export), and the table
// `npm run bench` prints.

export interface Sample {
  seconds: number;
  maxRssMB: number;
}

export interface Side {
  seconds: number;
  mbPerSecond: number;
  maxRssMB: number;
  samples: Sample[];
}

/** A scan side: the medians, with the --concurrency it ran with and the worker threads it used. */
export interface ScanSide extends Side {
  concurrency: number;
  /** Worker threads the scan used (its ScanResult.threads); 0 if it read on the main thread only. */
  threads: number;
  /** Median scan seconds / median reference seconds. */
  ratio: number;
}

export interface Row {
  encoding: string;
  sites: number;
  apps: number;
  inputBytes: number;
  reference: Side;
  /** Reading the same files and nothing else (raw-read.ts): the floor. */
  raw: Side;
  /** Median raw seconds / median reference seconds. */
  rawRatio: number;
  /** The scan with --concurrency 1; null when not measured (--threads N, or the library has no scan()). */
  one: ScanSide | null;
  /** The scan with --concurrency N > 1; null when not measured (--threads 1, one CPU, or no scan()). */
  many: ScanSide | null;
}

export interface Goal {
  goal: string;
  /** null: not measured. */
  holds: boolean | null;
  detail: string;
  /** A stretch goal: printed PASS or MISS, never a failure. */
  stretch?: true;
}

/** An export split into files of similar size, scanned on one thread and on several (issue 6: "several export files scan in parallel"). */
export interface ThreadsRow {
  files: number;
  sites: number;
  apps: number;
  inputBytes: number;
  /** Worker threads the parallel scan used (its ScanResult.threads); 0 if it read on the main thread. */
  threads: number;
  one: Side;
  many: Side;
  /** Median one-thread seconds / median parallel seconds. */
  speedup: number;
}

/** Issue 14: on one thread, the largest export in at most this share of the reference's time. */
export const MAX_ONE_THREAD_RATIO = 0.6;
/** Issue 14's stretch: the same on --concurrency threads. */
export const STRETCH_MANY_RATIO = 0.35;
export const MAX_ONE_THREAD_RSS_MB = 128;
export const MAX_RSS_MB = 256;
/** "Flat": peak RSS at the largest size within this factor of the smallest size's. */
export const MAX_RSS_GROWTH = 1.25;
/** What reading files on 2 or more threads must gain over one, where there are 2 cores or more. */
export const MIN_SPEEDUP = 1.25;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(samples: Sample[], inputBytes: number): Side {
  const seconds = median(samples.map((s) => s.seconds));
  return { seconds, mbPerSecond: inputBytes / 1e6 / seconds, maxRssMB: median(samples.map((s) => s.maxRssMB)), samples };
}

type Pick = (row: Row) => ScanSide | null;
const pickOne: Pick = (r) => r.one;
const pickMany: Pick = (r) => r.many;
const sitesText = (sites: number) => sites.toLocaleString('en-US');

export function goals(rows: readonly Row[]): Goal[] {
  if (!rows.some((r) => r.one !== null || r.many !== null)) {
    return [{ goal: 'scan measured', holds: null, detail: 'no scan side ran (no scan() in the library, or none asked for)' }];
  }
  const many = rows.find((r) => r.many !== null)?.many;
  const threadsName = many ? `${many.concurrency}-thread` : 'N-thread';
  return [
    ratioGoal(rows, pickOne, '1-thread', MAX_ONE_THREAD_RATIO),
    { ...ratioGoal(rows, pickMany, threadsName, STRETCH_MANY_RATIO), stretch: true },
    rssGoal(rows, pickOne, '1-thread', MAX_ONE_THREAD_RSS_MB),
    ...flatGoals(rows, pickOne, '1-thread'),
    rssGoal(rows, pickMany, threadsName, MAX_RSS_MB),
  ];
}

/** The time goal is the largest export's (issue 14 sets it at a million sites); smaller exports' worst is shown beside it. */
function ratioGoal(rows: readonly Row[], pick: Pick, name: string, max: number): Goal {
  const measured = rows.filter((r) => pick(r) !== null);
  if (measured.length === 0) return { goal: `${name} scan/reference ≤ ${max}`, holds: null, detail: 'not measured' };
  const largest = Math.max(...measured.map((r) => r.sites));
  const worst = (list: readonly Row[]) => Math.max(...list.map((r) => pick(r)!.ratio));
  const worstRatio = worst(measured.filter((r) => r.sites === largest));
  const smaller = measured.filter((r) => r.sites < largest);
  return {
    goal: `${name} scan/reference ≤ ${max} at ${sitesText(largest)} sites`,
    holds: worstRatio <= max,
    detail: `worst ${worstRatio.toFixed(2)}${smaller.length > 0 ? `; smaller exports, not part of the goal: worst ${worst(smaller).toFixed(2)}` : ''}`,
  };
}

function rssGoal(rows: readonly Row[], pick: Pick, name: string, max: number): Goal {
  const sides = rows.map(pick).filter((s) => s !== null);
  const goal = `${name} peak RSS ≤ ${max} MB`;
  if (sides.length === 0) return { goal, holds: null, detail: 'not measured' };
  const worst = Math.max(...sides.map((s) => s.maxRssMB));
  return { goal, holds: worst <= max, detail: `worst ${worst.toFixed(0)} MB` };
}

/** Per encoding, the largest size's peak RSS within MAX_RSS_GROWTH of the smallest's. */
function flatGoals(rows: readonly Row[], pick: Pick, name: string): Goal[] {
  const measured = rows.filter((r) => pick(r) !== null);
  const list: Goal[] = [];
  for (const encoding of new Set(measured.map((r) => r.encoding))) {
    const bySize = measured.filter((r) => r.encoding === encoding).sort((a, b) => a.sites - b.sites);
    if (bySize.length < 2) continue;
    const small = bySize[0];
    const large = bySize[bySize.length - 1];
    const [from, to] = [pick(small)!.maxRssMB, pick(large)!.maxRssMB];
    list.push({
      goal: `${name} RSS flat ${encoding} (${sitesText(large.sites)} ≤ ${MAX_RSS_GROWTH}× ${sitesText(small.sites)})`,
      holds: to / from <= MAX_RSS_GROWTH,
      detail: `${from.toFixed(0)} → ${to.toFixed(0)} MB (×${(to / from).toFixed(2)})`,
    });
  }
  return list;
}

export function threadGoals(row: ThreadsRow, cpus: number): Goal[] {
  const what = `${row.files} files of similar size on ${row.threads} threads`;
  const rss: Goal = { goal: `peak RSS ≤ ${MAX_RSS_MB} MB (${what})`, holds: row.many.maxRssMB <= MAX_RSS_MB, detail: `${row.many.maxRssMB.toFixed(0)} MB` };
  if (cpus < 2) return [{ goal: 'parallel scan', holds: null, detail: 'one CPU: nothing to measure' }, rss];
  return [{ goal: `${what} ≥ ${MIN_SPEEDUP}× faster than one`, holds: row.threads >= 2 && row.speedup >= MIN_SPEEDUP, detail: `×${row.speedup.toFixed(2)}` }, rss];
}

export function threadsTable(row: ThreadsRow): string {
  const mb = (row.inputBytes / 1e6).toFixed(1);
  return (
    `${row.files} files, ${row.sites.toLocaleString('en-US')} sites + ${row.apps.toLocaleString('en-US')} apps, ${mb} MB: ` +
    `1 thread ${row.one.seconds.toFixed(2)} s, ${row.one.maxRssMB.toFixed(0)} MB; ` +
    `${row.threads} threads ${row.many.seconds.toFixed(2)} s, ${row.many.maxRssMB.toFixed(0)} MB; ×${row.speedup.toFixed(2)}\n`
  );
}

const scanCells = (side: ScanSide | null) =>
  side ? [side.seconds.toFixed(2), side.maxRssMB.toFixed(0), side.ratio.toFixed(2)] : ['-', '-', '-'];

/** One line per export; the N-thread columns only when some row has that side. */
export function table(rows: readonly Row[], goalList: readonly Goal[]): string {
  const many = rows.find((r) => r.many !== null)?.many;
  const manyName = `${many?.concurrency ?? 'N'}-thr`;
  const header = ['encoding', 'sites', 'apps', 'input MB', 'ref s', 'raw s', 'raw RSS', 'raw/ref', '1-thr s', '1-thr RSS', '1-thr ratio'];
  if (many) header.push(`${manyName} s`, `${manyName} RSS`, `${manyName} ratio`);
  const cells = rows.map((r) => [
    r.encoding,
    sitesText(r.sites),
    sitesText(r.apps),
    (r.inputBytes / 1e6).toFixed(1),
    r.reference.seconds.toFixed(2),
    r.raw.seconds.toFixed(3), // a few hundredths at 100k sites
    r.raw.maxRssMB.toFixed(0),
    r.rawRatio.toFixed(2),
    ...scanCells(r.one),
    ...(many ? scanCells(r.many) : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const format = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [format(header), ...cells.map(format), ''].join('\n') + '\n' + goalLines(goalList);
}

export function goalLines(goalList: readonly Goal[]): string {
  const verdict = (g: Goal) => (g.holds === null ? 'n/a ' : g.holds ? 'PASS' : g.stretch ? 'MISS' : 'FAIL');
  return goalList.map((g) => `${verdict(g)}  ${g.stretch ? 'stretch: ' : ''}${g.goal}: ${g.detail}\n`).join('');
}
