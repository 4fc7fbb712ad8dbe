// `npm run bench`: for each size and encoding, generate (or reuse) an export, then alternate the
// reference tokenizer and the real scan, each in a child process of its own, and print medians.
//   node dist/bench/run.js [--sizes 100000,1000000] [--runs 3] [--encoding utf8|utf16le|both]
//                          [--concurrency N] [--keep] [--json] [--data DIR]
import os from 'node:os';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runChild } from './child.js';
import { ensureDataset, type Dataset } from './dataset.js';
import type { ExportEncoding } from './generate.js';
import { goals, summarize, table, type Row, type Sample } from './report.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const TOKENIZE = here('./tokenize.js');
const SCAN = here('./scan-child.js');

interface Options {
  sizes: number[];
  runs: number;
  encodings: ExportEncoding[];
  concurrency: number;
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
  const encodings: ExportEncoding[] | undefined = ({ both: ['utf8', 'utf16le'], utf8: ['utf8'], utf16le: ['utf16le'] } as const)[
    values.encoding as 'both'
  ]?.slice();
  if (!encodings) throw new Error(`--encoding: utf8, utf16le or both, got ${values.encoding}`);
  return { sizes, runs, encodings, concurrency, keep: values.keep, json: values.json, data: values.data };
}

/** Apps scale with sites as in the issue: 500 per 100,000. */
const appsFor = (sites: number) => Math.max(6, Math.round(sites / 200));

const progress = (line: string) => process.stderr.write(line + '\n');

async function measureDataset(dataset: Dataset, o: Options, row: Omit<Row, 'reference' | 'scan' | 'ratio'>): Promise<Row> {
  const reference: Sample[] = [];
  const scan: Sample[] = [];
  let scanMissing: string | null = null;
  for (let run = 1; run <= o.runs; run++) {
    const ref = (await runChild(TOKENIZE, dataset.files)) as unknown as Sample;
    reference.push(ref);
    progress(`  run ${run}: reference ${ref.seconds.toFixed(2)} s, ${ref.maxRssMB.toFixed(0)} MB`);
    if (scanMissing !== null) continue;
    const result = await runChild(SCAN, ['--export', dataset.dir, '--concurrency', String(o.concurrency)]);
    if (typeof result.unavailable === 'string') {
      scanMissing = result.unavailable;
      progress(`  scan not measured: ${scanMissing}`);
      continue;
    }
    const sample = result as unknown as Sample;
    scan.push(sample);
    progress(`  run ${run}: scan      ${sample.seconds.toFixed(2)} s, ${sample.maxRssMB.toFixed(0)} MB`);
  }
  const ref = summarize(reference, row.inputBytes);
  const sc = scan.length > 0 ? summarize(scan, row.inputBytes) : null;
  return { ...row, reference: ref, scan: sc, ratio: sc ? sc.seconds / ref.seconds : null };
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
  const goalList = goals(rows);
  const machine = { cpus: os.availableParallelism(), memoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)), node: process.version };
  if (o.json) {
    process.stdout.write(JSON.stringify({ machine, runs: o.runs, concurrency: o.concurrency, generation, rows, goals: goalList }, null, 2) + '\n');
    return;
  }
  process.stdout.write(
    `\nfarmscan bench: medians of ${o.runs} run(s); ${machine.cpus} CPUs, ${machine.memoryGB} GB, node ${machine.node}; ` +
      `scan --concurrency ${o.concurrency}\nMB/s = 10^6 input bytes per second; RSS = peak resident MB of the child process\n\n` +
      table(rows, goalList),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
});
