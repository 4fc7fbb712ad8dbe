// The fuzzing loop on a worker thread, so that run.ts can stop it when an input hangs or fills memory.
// Coverage starts before the reader is loaded, so every function of it is counted.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { CoverageProbe } from './coverage.js';

export interface WorkerInput {
  seed: number;
  /** Date.now() at which to stop. */
  until: number;
  seeds: Buffer[];
  maxBytes: number;
  outDir: string;
  /** [0]: executions started, [1]: the check seed of the one running, [2]: steps of the final summary. */
  progress: SharedArrayBuffer;
}

const input = workerData as WorkerInput;
const progress = new Int32Array(input.progress);
const watched = (url: string) => url.includes('/dist/src/sources/');
const probe = await CoverageProbe.start(watched);
const { fuzzLoop, minimise, nameOf } = await import('./engine.js');
const { checkInput } = await import('./target.js');
const { createRandom } = await import('../bench/prng.js');

const dir = path.join(input.outDir, 'work');
const corpusDir = path.join(input.outDir, 'corpus');
mkdirSync(dir, { recursive: true });
mkdirSync(corpusDir, { recursive: true });
let lastStats = 0;
const result = await fuzzLoop({
  seed: input.seed,
  dir,
  seeds: input.seeds.map((bytes) => Buffer.from(bytes)),
  maxBytes: input.maxBytes,
  probe,
  stop: () => Date.now() >= input.until,
  onExec(exec, checkSeed) {
    Atomics.store(progress, 1, checkSeed | 0);
    Atomics.add(progress, 0, 1);
    if (Date.now() - lastStats > 2000) {
      lastStats = Date.now();
      parentPort!.postMessage({ type: 'stats', execs: exec, features: probe.features });
    }
  },
  onFinding: (finding) => parentPort!.postMessage({ type: 'finding', finding }),
  onKept: (entry) => writeFileSync(path.join(corpusDir, `${nameOf(entry.bytes)}.xml`), entry.bytes),
});
const kept = minimise(result.entries);
const committed = minimise(result.entries, { counts: false });
// Coverage of the minimised corpus alone, each input checked once.
// These steps tell the watchdog they go on, so the summary is not taken for a hang.
const step = () => Atomics.add(progress, 2, 1);
step();
await probe.reset();
for (const entry of kept) {
  step();
  await checkInput(entry.bytes, createRandom(0), dir).catch(() => undefined);
}
step();
const coverage = [...(await probe.summary())];
parentPort!.postMessage({
  type: 'done',
  stats: { execs: result.execs, seconds: result.seconds, corpus: result.corpus, features: result.features, slowestMs: result.slowestMs },
  kept: kept.map((entry) => entry.bytes),
  committed: committed.map((entry) => entry.bytes),
  coverage,
});
