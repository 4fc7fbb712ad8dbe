// Which readings of a split file's parts stand. Part 0 reads from the file's start, so it is right; each
// later part starts at a guessed split point with guessed facts (prefix-facts.ts) and counts only once the
// reading before it has reached that point and found the same facts there, and the part itself has read to
// its own next split point (or the end) without failing. Until then it is speculative: if it fails or does
// not fit, its results are discarded and the reading before it reads on through its bytes instead. So the
// outcome, errors included, is what one reading of the whole file gives.
import type { PrefixFacts, StopState } from '../sources/clixml-reader.js';

export interface ChainActions {
  /** Tells part `part`, waiting at a split point, whether to read on. */
  verdict(part: number, readOn: boolean): void;
  /** Part `part`'s reading does not count: stop it and take back what it gave. */
  discard(part: number): void;
  /** Part `part`'s reading counts: what was held back of it may go through. */
  accept(part: number): void;
  /** The file is read: the readings that stand reach its end, or one that stands failed. Called once. */
  finished(): void;
}

export interface PartChain {
  /** A part after the first has read the bytes before it; null if it could not. */
  began(part: number, facts: PrefixFacts | null): void;
  /** A part's reading waits at a split point. */
  stopped(part: number, state: StopState): void;
  /** A part's reading ended: at the end of the file, or with an error (or it gave up). */
  ended(part: number, ok: boolean): void;
  /** Accepted so far: its results count. */
  accepted(part: number): boolean;
}

interface Part {
  facts: PrefixFacts | null | undefined;
  /** It read to its first split point (or the file's end) without failing. */
  reached: boolean;
  trusted: boolean;
  discarded: boolean;
  accepted: boolean;
  /** Where it waits for a verdict. */
  waiting: StopState | null;
  /** It was told to stop at a split point: the part after it reads on from there. */
  handedOn: boolean;
  /** It read to the end of the file. */
  atEnd: boolean;
}

/** `points`: the split points, ascending; part k > 0 starts at points[k - 1]. */
export function createPartChain(points: readonly number[], actions: ChainActions): PartChain {
  const parts: Part[] = Array.from({ length: points.length + 1 }, (_, k) => ({
    facts: undefined,
    reached: false,
    trusted: false,
    discarded: false,
    accepted: k === 0,
    waiting: null,
    handedOn: false,
    atEnd: false,
  }));
  let frontier = 0; // the accepted part reading furthest into the file

  const discard = (k: number) => {
    if (parts[k].discarded) return;
    parts[k].discarded = true;
    actions.discard(k);
  };

  /** Moves the frontier on as far as the parts' states allow. */
  const settle = () => {
    for (;;) {
      const stop = parts[frontier].waiting;
      if (stop === null) return;
      const k = points.indexOf(stop.at) + 1;
      const next = parts[k]; // a part that failed or could not read its facts was discarded then
      if (!next.discarded && (!next.reached || next.facts === undefined)) return; // wait for it
      parts[frontier].waiting = null;
      const fits =
        !next.discarded && stop.clean && next.trusted && stop.line === next.facts!.line && JSON.stringify(stop.typeNames) === JSON.stringify(next.facts!.typeNames);
      if (!fits) {
        discard(k);
        actions.verdict(frontier, true);
        return;
      }
      actions.verdict(frontier, false);
      parts[frontier].handedOn = true;
      frontier = k;
      next.accepted = true;
      actions.accept(k);
      if (next.atEnd) actions.finished();
    }
  };

  return {
    began(k, facts) {
      parts[k].facts = facts;
      if (facts === null) discard(k);
      settle();
    },
    stopped(k, state) {
      const part = parts[k];
      if (part.discarded) return;
      if (!part.reached) {
        part.reached = true;
        part.trusted = state.trusted;
      }
      part.waiting = state;
      settle();
    },
    ended(k, ok) {
      const part = parts[k];
      if (part.discarded) return;
      if (ok) {
        part.reached = true;
        part.trusted = true; // nothing comes after the end of the file
        part.atEnd = !part.handedOn;
        if (part.accepted && part.atEnd) actions.finished();
      } else if (part.accepted) {
        // An error in a reading that stands is the file's: nothing after it is read.
        for (let later = k + 1; later < parts.length; later++) discard(later);
        actions.finished();
      } else {
        discard(k); // the reading before it reads on through its bytes, and meets the error itself if it is real
      }
      settle();
    },
    accepted: (k) => parts[k].accepted,
  };
}
