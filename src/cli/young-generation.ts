// How big the CLI process lets V8's young generation grow. V8 doubles the semi-spaces each time enough
// objects have survived collections since the last doubling, up to 16 MB each here, and a long scan always
// gets there: the bench's 1,000,000-site scan peaked at 110 MB with it, 95 MB with the growth stopped at
// 8 MB, where a 100,000-site scan stops anyway (80 MB), and took the same time (measured, bench/README.md).
// The maximum is fixed when the heap is made, so it cannot be lowered from inside; the growth factor is
// read at each doubling, so setting it to 1 once the semi-spaces are 8 MB stops them there. A process-wide
// setting: the CLI's shell makes it; scan() never does (an embedder's heap is its own business). The
// scan's workers are not held back by it: their young generation is sized by resourceLimits (parallel.ts),
// and starts at that size (16 MB new space with the flag set before they start, measured).
import v8 from 'node:v8';

/** The semi-space size at which growth stops, in MB: where a 100,000-site scan leaves it. */
export const SEMI_SPACE_CAP_MB = 8;
/** V8's own growth factor (flag-definitions.h), put back if V8 shrinks the space below the cap. */
const V8_GROWTH_FACTOR = 2;
/** How often the size is looked at: a doubling from 8 MB waits for megabytes of survivors, hundreds of ms of a scan. */
const CHECK_MS = 50;

export interface YoungGenerationCap {
  /** Stops watching and gives V8 back its own growth. */
  stop(): void;
}

/**
 * Stops the young generation's growth at `capMb` semi-spaces, unless the process was started with its own
 * semi-space flag (`execArgv` or NODE_OPTIONS), which is then left to rule. The watch keeps no process alive.
 */
export function capYoungGeneration(capMb = SEMI_SPACE_CAP_MB, flags = nodeFlags()): YoungGenerationCap {
  if (/--(max|min)[-_]semi[-_]space[-_]size|--semi[-_]space[-_]growth[-_]factor/.test(flags)) return { stop() {} };
  let capped = false;
  const setFactor = (factor: number) => v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  const check = () => {
    const atCap = newSpaceBytes() >= 2 * capMb * 1024 * 1024; // both semi-spaces
    if (atCap !== capped) setFactor(atCap ? 1 : V8_GROWTH_FACTOR);
    capped = atCap;
  };
  const timer = setInterval(check, CHECK_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (capped) setFactor(V8_GROWTH_FACTOR);
      capped = false;
    },
  };
}

/** The new space's size: its two semi-spaces, as V8 counts it. */
export function newSpaceBytes(): number {
  return v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

const nodeFlags = (): string => [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
