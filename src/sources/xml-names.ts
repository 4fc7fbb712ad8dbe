// Element, attribute and property names as units → one shared string each. An export repeats a few dozen
// names millions of times: a hit costs a compare of a few units, no decoding and no new string, and hands
// out the same object each time, so a reader can keep what the name means on it (`meaning`).
import type { Units } from './text-units.js';

export interface Name {
  /** V8's internalized copy: equal to string literals by pointer. */
  readonly text: string;
  /** The name's code units, as the file has them. */
  readonly units: Units;
  /** Whatever the reader makes of the name, worked out once. */
  meaning: unknown;
  /** Whether the tokenizer may read an element of this name in one go (clixml-tokenizer.ts `leaf`), worked out once. */
  leaf: boolean | undefined;
  /** Whether the text directly inside an element of this name is wanted (clixml-tokenizer.ts `keepsText`), worked out once. */
  keepsText: boolean | undefined;
}

const BITS = 10;
/** Longer names are not kept: they are not names an export repeats. */
const MAX_LENGTH = 64;

// A property key is V8's internalized copy of a string. (Names are never numeric keys: they cannot start with a digit.)
const intern = (text: string): string => Object.keys({ [text]: 0 })[0];

export class NameTable {
  private readonly slots: Array<Name | undefined> = new Array<Name | undefined>(1 << BITS);

  /** The name of units [start, end) if it is in the table. */
  find(units: Units, start: number, end: number): Name | null {
    const length = end - start;
    if (length === 0 || length > MAX_LENGTH) return null;
    const hit = this.slots[slotOf(units, start, end)];
    if (hit === undefined || hit.units.length !== length) return null;
    const known = hit.units;
    for (let i = 0; i < length; i++) if (known[i] !== units[start + i]) return null;
    return hit;
  }

  /** A name for units [start, end), whose text is `text`; kept for next time when short. */
  add(units: Units, start: number, end: number, text: string): Name {
    // A copy: the input's units are reused for the next piece of the file.
    const copy = units instanceof Uint16Array ? units.slice(start, end) : Uint8Array.from(units.subarray(start, end));
    const name: Name = { text: intern(text), units: copy, meaning: undefined, leaf: undefined, keepsText: undefined };
    if (end - start > 0 && end - start <= MAX_LENGTH) this.slots[slotOf(units, start, end)] = name;
    return name;
  }
}

function slotOf(units: Units, start: number, end: number): number {
  const length = end - start;
  return (length * 31 + units[start] * 7 + units[end - 1] * 13 + units[start + (length >> 1)]) & ((1 << BITS) - 1);
}
