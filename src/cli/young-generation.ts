// How big the CLI process lets V8's young generation grow. V8 doubles the semi-spaces each time enough
// objects have survived collections since the last doubling, up to a maximum it sizes from the machine's
// memory (16 MB each here), and a long scan always gets there: the bench's 1,000,000-site scan peaked at
// 110 MB with it, 95 MB with the growth stopped at 8 MB, where a 100,000-site scan stops anyway (80 MB),
// and took the same time (measured, bench/README.md). The maximum is fixed when the heap is made, so it
// cannot be lowered from inside; the growth factor is read at each doubling, so setting it to 1 once the
// semi-spaces are 8 MB stops them there. A process-wide setting: the CLI's shell makes it; scan() never
// does (an embedder's heap is its own business). The scan's workers are not held back by it: their young
// generation is capped by resourceLimits (parallel.ts), and reached that cap (16 MB new space) with the
// factor at 1 as without (measured).
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

/** The semi-space size at which growth stops, in MB: where a 100,000-site scan leaves it. */
export const SEMI_SPACE_CAP_MB = 8;
/** V8's own growth factor (flag-definitions.h), put back if V8 shrinks the space below the cap. */
const V8_GROWTH_FACTOR = 2;
/**
 * Node flags that size the heap, spelled with one dash or two: a process started with one of its own is
 * left to it.
 */
const OWN_SIZING = /(?:^|\s)--?(?:(?:max|min)[-_]semi[-_]space[-_]size|semi[-_]space[-_]growth[-_]factor|(?:max|initial)[-_]heap[-_]size)\b/;

export interface YoungGenerationCap {
  /** Stops watching and gives V8 back its own growth. */
  stop(): void;
}

let active: YoungGenerationCap | null = null;

/**
 * Stops the young generation's growth at 8 MB semi-spaces, unless the process was started with heap sizing
 * flags of its own (`flags`: its execArgv and NODE_OPTIONS), which are then left to rule. Looked at after
 * each garbage collection, so it costs no wake-up and keeps no process alive. One per process: a second
 * call gets the first's.
 */
export function capYoungGeneration(flags = nodeFlags()): YoungGenerationCap {
  if (active !== null) return active;
  if (OWN_SIZING.test(flags)) return { stop() {} };
  let capped = false;
  const setFactor = (factor: number) => v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  const observer = new PerformanceObserver(() => {
    const atCap = newSpaceBytes() >= 2 * SEMI_SPACE_CAP_MB * 1024 * 1024; // both semi-spaces
    // Said again after every collection at the cap: starting a worker thread puts V8's own factor back
    // (the main thread then grew to 16 MB semi-spaces, measured).
    if (atCap || capped) setFactor(atCap ? 1 : V8_GROWTH_FACTOR);
    capped = atCap;
  });
  observer.observe({ entryTypes: ['gc'] });
  const cap: YoungGenerationCap = {
    stop() {
      observer.disconnect();
      if (capped) setFactor(V8_GROWTH_FACTOR);
      capped = false;
      if (active === cap) active = null;
    },
  };
  return (active = cap);
}

/** The new space's size: its two semi-spaces, as V8 counts it. */
function newSpaceBytes(): number {
  return v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

const nodeFlags = (): string => [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
