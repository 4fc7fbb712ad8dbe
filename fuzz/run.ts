// `npm run fuzz [-- --seconds N --seed N --timeout-ms N --max-mb N --update-corpus]` (or FUZZ_SECONDS):
// coverage-guided fuzzing of the CLIXML reader (target.ts) for a set time. The loop runs on a worker thread
// watched from here: an input that stops it making progress for the timeout is a hang, one that takes the
// heap past its limit or the process past the memory bound is a memory finding; either restarts the loop.
// Findings go to fuzz-out/findings, new inputs to fuzz-out/corpus; --update-corpus replaces the committed
// corpus (test/fuzz/corpus) with the minimised one.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { percent, type CoverageSummary } from './coverage.js';
import { nameOf, type Finding } from './engine.js';
import { grammarSeeds } from './grammar.js';
import type { WorkerInput } from './worker.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = path.join(root, 'test', 'fuzz', 'corpus');
const SAMPLES = path.join(root, 'samples', 'contoso');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const text = i === -1 ? (name === 'seconds' ? process.env.FUZZ_SECONDS : undefined) : process.argv[i + 1];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name} must be a number, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
}

const seconds = option('seconds', 180);
const seed = option('seed', Date.now() % 1_000_000);
const timeoutMs = option('timeout-ms', 5000);
const maxMb = option('max-mb', 1024);
const outDir = path.join(root, 'fuzz-out');
const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort().map((f) => readFileSync(path.join(dir, f))) : []);

rmSync(path.join(outDir, 'corpus'), { recursive: true, force: true });
mkdirSync(path.join(outDir, 'findings'), { recursive: true });
const seeds = [...filesIn(CORPUS), ...filesIn(SAMPLES).filter((b) => b.length > 0), ...grammarSeeds(seed, 40)];
const until = Date.now() + seconds * 1000;
const findings: Array<Pick<Finding, 'kind' | 'message' | 'checkSeed'> & { file: string }> = [];
const totals = { execs: 0, restarts: 0 };

function save(kind: string, bytes: Buffer, message: string, checkSeed: number) {
  const file = path.join(outDir, 'findings', `${kind}-${nameOf(bytes)}.xml`);
  writeFileSync(file, bytes);
  writeFileSync(`${file}.json`, `${JSON.stringify({ kind, message, checkSeed }, null, 1)}\n`);
  findings.push({ kind: kind as Finding['kind'], message: message.split('\n')[0], checkSeed, file: path.relative(root, file) });
  console.log(`finding: ${kind}: ${message.split('\n')[0]} (${path.relative(root, file)})`);
}

interface Done {
  stats: { execs: number; seconds: number; corpus: number; features: number; slowestMs: number };
  kept: Uint8Array[];
  /** The smaller set for test/fuzz/corpus (blocks reached, not hit counts). */
  committed: Uint8Array[];
  coverage: Array<[string, CoverageSummary]>;
}

/** One run of the worker until the deadline, or until it hangs or runs out of memory (then null). */
function runWorker(workerSeed: number, inputs: Buffer[]): Promise<Done | null> {
  const progress = new SharedArrayBuffer(12);
  const counters = new Int32Array(progress);
  const data: WorkerInput = { seed: workerSeed, until, seeds: inputs, maxBytes: 64 * 1024, outDir, progress };
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: Math.max(64, maxMb >> 1) } });
  return new Promise((resolve) => {
    let done: Done | null = null;
    let [lastCount, lastChange] = [0, Date.now()];
    const current = () => Buffer.from(readFileSync(path.join(outDir, 'work', 'fuzz.xml')));
    const watch = setInterval(() => {
      const [count, summarySteps] = [Atomics.load(counters, 0), Atomics.load(counters, 2)];
      if (count + summarySteps !== lastCount) [lastCount, lastChange] = [count + summarySteps, Date.now()];
      const rss = process.memoryUsage().rss / 2 ** 20;
      // Loading the reader, and the coverage summary at the end, may each take longer than one input may.
      const hung = Date.now() - lastChange > timeoutMs + (count === 0 || summarySteps > 0 ? 30_000 : 0);
      if (!hung && rss <= maxMb) return;
      save(hung ? 'hang' : 'memory', current(), hung ? `no progress for ${timeoutMs} ms` : `process RSS ${Math.round(rss)} MB`, Atomics.load(counters, 1) >>> 0);
      void worker.terminate();
    }, 250);
    worker.on('message', (message: { type: string } & Record<string, any>) => {
      if (message.type === 'finding') save(message.finding.kind, Buffer.from(message.finding.bytes), message.finding.message, message.finding.checkSeed);
      if (message.type === 'done') done = message as unknown as Done;
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') save('memory', current(), 'the worker heap went past its limit', Atomics.load(counters, 1) >>> 0);
      else console.error(`the fuzz worker failed: ${error.stack}`);
    });
    worker.on('exit', () => {
      clearInterval(watch);
      totals.execs += Atomics.load(counters, 0);
      resolve(done);
    });
  });
}

let done: Done | null = null;
for (let k = 0; done === null && Date.now() < until; k++) {
  // After a hang or a memory finding: go on from what was kept, with another seed.
  done = await runWorker(seed + k, k === 0 ? seeds : [...seeds, ...filesIn(path.join(outDir, 'corpus'))]);
  if (done === null) totals.restarts++;
}
if (done === null) {
  console.log(`fuzz: ${totals.execs} executions, ${totals.restarts} restarts, ${findings.length} findings (no coverage: the last run did not finish)`);
  process.exit(findings.length > 0 ? 1 : 0);
}

const sum = (pick: (s: CoverageSummary) => { covered: number; total: number }) =>
  done!.coverage.reduce((a, [, s]) => ({ covered: a.covered + pick(s).covered, total: a.total + pick(s).total }), { covered: 0, total: 0 });
const report = {
  seed,
  seconds: Math.round(done.stats.seconds * 10) / 10,
  executions: totals.execs,
  perSecond: Math.round(totals.execs / Math.max(0.001, done.stats.seconds)),
  restarts: totals.restarts,
  slowestMs: Math.round(done.stats.slowestMs),
  features: done.stats.features,
  corpus: { reached: done.stats.corpus, minimised: done.kept.length, committed: done.committed.length },
  coverage: {
    functions: percent(sum((s) => s.functions)),
    blocks: percent(sum((s) => s.blocks)),
    lines: percent(sum((s) => s.lines)),
    byFile: Object.fromEntries(done.coverage.map(([url, s]) => [path.basename(fileURLToPath(url)), { functions: percent(s.functions), blocks: percent(s.blocks), lines: percent(s.lines) }])),
  },
  findings,
};
writeFileSync(path.join(outDir, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
console.log(JSON.stringify(report, null, 1));
if (process.argv.includes('--update-corpus')) {
  rmSync(CORPUS, { recursive: true, force: true });
  mkdirSync(CORPUS, { recursive: true });
  for (const bytes of done.committed) writeFileSync(path.join(CORPUS, `${nameOf(Buffer.from(bytes))}.xml`), bytes);
  console.log(`test/fuzz/corpus: ${done.committed.length} inputs`);
}
process.exit(findings.length > 0 ? 1 : 0);
