// `npm run bench`: for each size and encoding, generate (or reuse) an export, then alternate the
// reference tokenizer, the raw read of the same files, and the real scan on one thread and on N, each in
// a child process of its own, and print medians.
//   node dist/bench/run.js [--sizes 100000,1000000] [--runs 3] [--encoding utf8|utf16le|both]
//                          [--concurrency N] [--threads 1,N] [--split N] [--young-cap on|off] [--keep] [--json] [--data DIR]
// --threads: which scan sides run: 1 (--concurrency 1), N (--concurrency N), or both (the default).
// --split N (default 2, 0 to skip): also scan the largest size split into N files of similar size, on one
// thread and on --concurrency threads.
// --young-cap off: the scan children keep V8's own young-generation growth instead of the CLI's cap.
import os from 'node:os';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SEMI_SPACE_CAP_MB } from '../src/cli/young-generation.js';
import { runChild } from './child.js';
import { datasetName, ensureDataset, type Dataset } from './dataset.js';
import type { ExportEncoding } from './generate.js';
import { goalLines, goals, summarize, table, threadGoals, threadsTable, type Row, type Sample, type ScanSide, type ThreadsRow } from './report.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const TOKENIZE = here('./tokenize.js');
const SCAN = here('./scan-child.js');
const RAW = here('./raw-read.js');

interface Options {
  sizes: number[];
  runs: number;
  encodings: ExportEncoding[];
  concurrency: number;
  /** The --concurrency of each scan side, in the order they run: [1, N], [1] or [N]. */
  scanSides: number[];
  split: number;
  /** Whether the scan children cap their young generation as the CLI does (src/cli/young-generation.ts). */
  youngCap: boolean;
  keep: boolean;
  json: boolean;
  data: string;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '100000,1000000' },
      runs: { type: 'string', default: '3' },
      encoding: { type: 'string', default: 'both' },
      concurrency: { type: 'string', default: String(os.availableParallelism()) },
      threads: { type: 'string', default: '1,N' },
      split: { type: 'string', default: '2' },
      'young-cap': { type: 'string', default: 'on' },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      // dist/bench/run.js → <repo>/bench/.data (git-ignored)
      data: { type: 'string', default: here('../../bench/.data') },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const runs = Number(values.runs);
  const concurrency = Number(values.concurrency);
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new Error(`--sizes: positive integers, got ${values.sizes}`);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`--runs: a positive integer, got ${values.runs}`);
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency: a positive integer, got ${values.concurrency}`);
  const split = Number(values.split);
  if (!Number.isSafeInteger(split) || split < 0 || split === 1) throw new Error(`--split: 0 or a whole number of at least 2, got ${values.split}`);
  const encodings: ExportEncoding[] | undefined = ({ both: ['utf8', 'utf16le'], utf8: ['utf8'], utf16le: ['utf16le'] } as const)[
    values.encoding as 'both'
  ]?.slice();
  if (!encodings) throw new Error(`--encoding: utf8, utf16le or both, got ${values.encoding}`);
  const youngCap = values['young-cap'];
  if (youngCap !== 'on' && youngCap !== 'off') throw new Error(`--young-cap: on or off, got ${youngCap}`);
  return {
    sizes,
    runs,
    encodings,
    concurrency,
    scanSides: scanSides(values.threads, concurrency),
    split,
    youngCap: youngCap === 'on',
    keep: values.keep,
    json: values.json,
    data: values.data,
  };
}

function scanSides(threads: string, concurrency: number): number[] {
  const names = threads.split(',');
  if (names.length === 0 || names.some((n) => n !== '1' && n !== 'N') || new Set(names).size < names.length) {
    throw new Error(`--threads: 1, N or 1,N, got ${threads}`);
  }
  // With --concurrency 1 the N-thread side would be the one-thread side again.
  const sides = names.map((n) => (n === '1' ? 1 : concurrency)).filter((c, i) => c > 1 || names[i] === '1');
  if (sides.length === 0) throw new Error('--threads N with --concurrency 1: no scan side left (use --threads 1)');
  return sides;
}

/** Apps scale with sites as in the issue: 500 per 100,000. */
const appsFor = (sites: number) => Math.max(6, Math.round(sites / 200));

const progress = (line: string) => process.stderr.write(line + '\n');

type RowHead = Pick<Row, 'encoding' | 'sites' | 'apps' | 'inputBytes'>;

/** Each run takes every side in turn (reference, raw read, then each scan side), so drift hits all alike. */
async function measureDataset(dataset: Dataset, o: Options, head: RowHead): Promise<Row> {
  const reference: Sample[] = [];
  const raw: Sample[] = [];
  const scans = o.scanSides.map((concurrency) => ({ concurrency, samples: [] as Sample[], threads: 0 }));
  let scanMissing: string | null = null;
  for (let run = 1; run <= o.runs; run++) {
    const ref = (await runChild(TOKENIZE, dataset.files)) as unknown as Sample;
    reference.push(ref);
    const read = (await runChild(RAW, dataset.files)) as unknown as Sample;
    raw.push(read);
    const line = [`reference ${sample(ref)}`, `raw ${sample(read, 3)}`];
    for (const scan of scanMissing === null ? scans : []) {
      const result = await runChild(SCAN, scanArgs(dataset.dir, scan.concurrency, o));
      if (typeof result.unavailable === 'string') {
        scanMissing = result.unavailable;
        line.push(`scan not measured: ${scanMissing}`);
        break;
      }
      scan.samples.push(result as unknown as Sample);
      scan.threads = Math.max(scan.threads, Number(result.threads ?? 0));
      line.push(`${scan.concurrency === 1 ? '1 thread' : `${scan.concurrency} threads`} ${sample(result as unknown as Sample)}`);
    }
    progress(`  run ${run}: ${line.join('; ')}`);
  }
  const ref = summarize(reference, head.inputBytes);
  const rawSide = summarize(raw, head.inputBytes);
  const side = (one: boolean): ScanSide | null => {
    const scan = scans.find((s) => (s.concurrency === 1) === one);
    if (!scan || scan.samples.length === 0) return null;
    const summary = summarize(scan.samples, head.inputBytes);
    return { ...summary, concurrency: scan.concurrency, threads: scan.threads, ratio: summary.seconds / ref.seconds };
  };
  return { ...head, reference: ref, raw: rawSide, rawRatio: rawSide.seconds / ref.seconds, one: side(true), many: side(false) };
}

const scanArgs = (dir: string, concurrency: number, o: Options) => ['--export', dir, '--concurrency', String(concurrency), '--young-cap', o.youngCap ? 'on' : 'off'];

const sample = (s: Sample, digits = 2) => `${s.seconds.toFixed(digits)} s, ${s.maxRssMB.toFixed(0)} MB`;

/** The largest size in `parts` UTF-8 exports of equal size (different seeds), side by side in one folder. */
async function measureSplit(o: Options): Promise<ThreadsRow> {
  const sites = Math.max(...o.sizes);
  const apps = appsFor(sites);
  const parts = o.split;
  const dir = path.join(o.data, `split-${parts}_${datasetName({ sites, apps, encoding: 'utf8' })}`);
  progress(`utf8 ${sites.toLocaleString('en-US')} sites + ${apps.toLocaleString('en-US')} apps in ${parts} files`);
  const datasets: Dataset[] = [];
  try {
    for (let part = 1; part <= parts; part++) {
      datasets.push(await ensureDataset(dir, { sites: Math.round(sites / parts), apps: Math.round(apps / parts), encoding: 'utf8', seed: part }));
    }
    const one: Sample[] = [];
    const many: Sample[] = [];
    let threads = 0;
    for (let run = 1; run <= o.runs; run++) {
      const single = (await runChild(SCAN, scanArgs(dir, 1, o))) as unknown as Sample;
      one.push(single);
      const parallel = (await runChild(SCAN, scanArgs(dir, o.concurrency, o))) as unknown as Sample & { threads: number };
      many.push(parallel);
      threads = parallel.threads;
      progress(`  run ${run}: 1 thread ${single.seconds.toFixed(2)} s, ${single.maxRssMB.toFixed(0)} MB; ${threads} threads ${parallel.seconds.toFixed(2)} s, ${parallel.maxRssMB.toFixed(0)} MB`);
    }
    const inputBytes = datasets.reduce((sum, d) => sum + d.bytes, 0);
    const oneSide = summarize(one, inputBytes);
    const manySide = summarize(many, inputBytes);
    return { files: datasets.reduce((sum, d) => sum + d.files.length, 0), sites, apps, inputBytes, threads, one: oneSide, many: manySide, speedup: oneSide.seconds / manySide.seconds };
  } finally {
    if (datasets.some((d) => d.generated) && !o.keep) await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const rows: Row[] = [];
  const generation: { encoding: string; sites: number; bytes: number; seconds: number; reused: boolean }[] = [];
  for (const encoding of o.encodings) {
    for (const sites of o.sizes) {
      const apps = appsFor(sites);
      progress(`${encoding} ${sites.toLocaleString('en-US')} sites + ${apps.toLocaleString('en-US')} apps`);
      const dataset = await ensureDataset(o.data, { sites, apps, encoding });
      progress(dataset.generated ? `  generated ${(dataset.bytes / 1e6).toFixed(1)} MB in ${dataset.seconds.toFixed(1)} s` : `  reusing ${dataset.dir}`);
      generation.push({ encoding, sites, bytes: dataset.bytes, seconds: Number(dataset.seconds.toFixed(2)), reused: !dataset.generated });
      try {
        rows.push(await measureDataset(dataset, o, { encoding, sites, apps, inputBytes: dataset.bytes }));
      } finally {
        // Without --keep, what this run generated goes again; exports kept earlier stay.
        if (dataset.generated && !o.keep) await rm(dataset.dir, { recursive: true, force: true });
      }
    }
  }
  const split = o.split > 0 ? await measureSplit(o) : null;
  const machine = { cpus: os.availableParallelism(), memoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)), node: process.version };
  const goalList = [...goals(rows), ...(split ? threadGoals(split, machine.cpus) : [])];
  if (o.json) {
    process.stdout.write(JSON.stringify({ machine, runs: o.runs, concurrency: o.concurrency, scanSides: o.scanSides, youngCap: o.youngCap, generation, rows, split, goals: goalList }, null, 2) + '\n');
    return;
  }
  process.stdout.write(
    `\nfarmscan bench: medians of ${o.runs} run(s); ${machine.cpus} CPUs, ${machine.memoryGB} GB, node ${machine.node}; ` +
      `scan --concurrency ${o.scanSides.join(' and ')}, ${o.youngCap ? `young generation capped at ${SEMI_SPACE_CAP_MB} MB semi-spaces as the CLI runs` : "V8's own young generation (--young-cap off)"}\n` +
      `ref = bare saxes; raw = reading the files, nothing else (the floor); N-thr = scan --concurrency N; ratio = scan s / ref s; ` +
      `RSS = peak resident MB of the child process\n\n` +
      table(rows, []) +
      (split ? `split export: ${threadsTable(split)}\n` : '') +
      goalLines(goalList),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
});
