// The fuzzing loop: seeds first, then mutations of the inputs kept so far; an input is kept when it reaches
// new coverage, and one that breaks the property is a finding (shrunk, to be committed as a regression test).
// It runs on a worker thread under fuzz/run.ts's watch (hangs, memory), or in-process for a test.
import { createHash } from 'node:crypto';
import { createRandom } from '../bench/prng.js';
import type { CoverageProbe } from './coverage.js';
import { mutate } from './mutate.js';
import { checkInput, PropertyFailure } from './target.js';

export interface Finding {
  kind: PropertyFailure['kind'];
  message: string;
  /** The input, shrunk as far as it still fails the same way. */
  bytes: Buffer;
  /** The seed of the check's cuts and split point. */
  checkSeed: number;
}

export interface CorpusEntry {
  bytes: Buffer;
  /** Coverage keys it reached (empty without a probe). */
  keys: number[];
}

export interface LoopOptions {
  seed: number;
  /** A folder of the loop's own for the input file. */
  dir: string;
  seeds: readonly Buffer[];
  /** Mutated inputs are cut to this size, so each stays quick to read. */
  maxBytes: number;
  probe: CoverageProbe | null;
  /** Stop after this many executions, or when `stop` says so. */
  maxExecs?: number;
  stop?: () => boolean;
  /** Before each execution: what is about to run (for a watchdog). */
  onExec?: (exec: number, checkSeed: number) => void;
  onFinding?: (finding: Finding) => void;
  onKept?: (entry: CorpusEntry) => void;
}

export interface LoopStats {
  execs: number;
  seconds: number;
  corpus: number;
  features: number;
  findings: Finding[];
  slowestMs: number;
}

/** The first `rounds` checks of a seed: the same on every run. */
const checkSeedOf = (seed: number, exec: number) => (Math.imul(seed, 0x9e3779b1) + exec) >>> 0;

export async function fuzzLoop(options: LoopOptions): Promise<LoopStats & { entries: CorpusEntry[] }> {
  const random = createRandom(options.seed);
  const entries: CorpusEntry[] = [];
  const findings: Finding[] = [];
  const known = new Set<string>();
  const started = performance.now();
  let execs = 0;
  let slowestMs = 0;

  const run = async (bytes: Buffer, asSeed: boolean) => {
    const checkSeed = checkSeedOf(options.seed, execs);
    options.onExec?.(execs, checkSeed);
    execs++;
    const t0 = performance.now();
    const failure = await failureOf(bytes, checkSeed, options.dir);
    slowestMs = Math.max(slowestMs, performance.now() - t0);
    const keys = options.probe === null ? [] : await options.probe.keys();
    if (failure !== null) {
      const finding = await shrink({ kind: failure.kind, message: failure.message, bytes, checkSeed }, options.dir, () => options.onExec?.(execs, checkSeed));
      const id = `${finding.kind}:${finding.message.split('\n')[0].replace(/\d+/g, 'N')}`;
      if (!known.has(id)) {
        known.add(id);
        findings.push(finding);
        options.onFinding?.(finding);
      }
      return;
    }
    if (asSeed || (options.probe !== null && options.probe.novel(keys) > 0)) {
      if (asSeed) options.probe?.novel(keys);
      const entry = { bytes, keys };
      entries.push(entry);
      if (!asSeed) options.onKept?.(entry);
    }
  };

  const done = () => (options.maxExecs !== undefined && execs >= options.maxExecs) || (options.stop?.() ?? false);
  for (const seed of options.seeds) {
    if (done()) break;
    await run(seed, true);
  }
  while (!done() && entries.length > 0) {
    // Newer and smaller inputs more often: they are the ones that just reached something.
    const pick = () => entries[entries.length - 1 - Math.min(entries.length - 1, Math.floor(-Math.log(1 - random.next()) * 8))];
    const parent = random.next() < 0.5 ? pick() : random.pick(entries);
    const child = mutate(parent.bytes, random.pick(entries).bytes, random, options.maxBytes);
    await run(child, false);
  }
  const seconds = (performance.now() - started) / 1000;
  return { execs, seconds, corpus: entries.length, features: options.probe?.features ?? 0, findings, slowestMs, entries };
}

async function failureOf(bytes: Buffer, checkSeed: number, dir: string): Promise<PropertyFailure | null> {
  try {
    await checkInput(bytes, createRandom(checkSeed), dir);
    return null;
  } catch (error) {
    if (error instanceof PropertyFailure) return error;
    return new PropertyFailure('crash', `the harness: ${error instanceof Error ? error.stack : String(error)}`);
  }
}

/** Shrinking one finding stops after this many tries or this long. */
const SHRINK_TRIES = 400;
const SHRINK_MS = 3000;

/** Deletes chunks of the input while it still fails the same way; `tick` tells the watchdog it goes on. */
async function shrink(finding: Finding, dir: string, tick: () => void): Promise<Finding> {
  let best = finding;
  let tries = 0;
  const deadline = performance.now() + SHRINK_MS;
  const more = () => tries < SHRINK_TRIES && performance.now() < deadline;
  for (let chunk = Math.max(1, best.bytes.length >> 1); chunk >= 1 && more(); chunk >>= 1) {
    for (let at = 0; at < best.bytes.length && more(); ) {
      tries++;
      tick();
      const smaller = Buffer.concat([best.bytes.subarray(0, at), best.bytes.subarray(at + chunk)]);
      const failure = await failureOf(smaller, best.checkSeed, dir);
      if (failure !== null && failure.kind === best.kind) best = { ...best, bytes: smaller, message: failure.message };
      else at += chunk;
    }
  }
  return best;
}

/**
 * The smallest entries that together reach every key any entry reached (greedy, smallest first). With
 * `counts: false` a block reached counts once whatever its hit-count bucket: the far smaller set committed
 * as the regression corpus (a few dozen inputs instead of hundreds).
 */
export function minimise(entries: readonly CorpusEntry[], { counts = true } = {}): CorpusEntry[] {
  const covered = new Set<number>();
  const kept: CorpusEntry[] = [];
  const keyOf = counts ? (key: number) => key : (key: number) => Math.floor(key / 16);
  for (const entry of [...entries].sort((a, b) => a.bytes.length - b.bytes.length)) {
    const adds = entry.keys.some((key) => !covered.has(keyOf(key)));
    if (!adds) continue;
    for (const key of entry.keys) covered.add(keyOf(key));
    kept.push(entry);
  }
  return kept;
}

export const nameOf = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex').slice(0, 16);
