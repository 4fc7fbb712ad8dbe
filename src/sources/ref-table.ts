// The objects a `<Ref RefId="…">` can point back to: the last `reach` objects read that carry a RefId, so
// memory stays flat however long the file.
import type { Units } from './text-units.js';
import type { PSObject } from './ps-value.js';

/** A RefId as the reference tables keep it: a small decimal as its number (no string to make), else its text. */
export type RefKey = number | string;
export const refKeyOf = (refId: string): RefKey => (/^(?:0|[1-9][0-9]{0,8})$/.test(refId) ? Number(refId) : refId);

/** Units [start, end) as the number `refKeyOf` would make of their text, read without a string; -1 if they are no small decimal. */
export function smallDecimalAt(units: Units, start: number, end: number): number {
  if (end <= start || end - start > 9 || (units[start] === 0x30 && end - start !== 1)) return -1;
  let value = 0;
  for (let k = start; k < end && value >= 0; k++) value = units[k] >= 0x30 && units[k] <= 0x39 ? value * 10 + units[k] - 0x30 : -1;
  return value;
}

// The last `reach` objects with a RefId, in a ring: remembering one is two stores, no allocation (it was a
// Map entry and a wrapper object an object, on every site). Looking one up needs an index by RefId, made at
// the first <Ref> (most files have none) and kept up to date from then on. Exactly the last `reach` objects
// are in reach, wherever the reading started (a part of a split file reaches as far as a whole read).
export class RefTable {
  private readonly keys: RefKey[] = [];
  private readonly objs: PSObject[] = [];
  private remembered = 0;
  /** RefId → the number of the newest object remembered with it (objects are numbered from 0 as remembered). */
  private index: Map<RefKey, number> | null = null;

  constructor(private readonly reach: number) {}

  /** Objects with a RefId read so far. */
  get count(): number {
    return this.remembered;
  }

  remember(refId: RefKey | null, obj: PSObject): void {
    if (refId === null) return;
    const n = this.remembered++;
    if (this.reach <= 0) return;
    const slot = n % this.reach;
    this.keys[slot] = refId;
    this.objs[slot] = obj;
    if (this.index !== null) {
      this.index.set(refId, n);
      if (this.index.size > 2 * this.reach) this.reindex(); // forget RefIds out of reach
    }
  }

  /** The object of that RefId, if it is in reach. */
  recall(refId: string): PSObject | undefined {
    if (this.reach <= 0) return undefined;
    if (this.index === null) this.reindex();
    const n = this.index!.get(refKeyOf(refId));
    return n !== undefined && this.remembered - n <= this.reach ? this.objs[n % this.reach] : undefined;
  }

  private reindex(): void {
    const index = new Map<RefKey, number>();
    for (let n = Math.max(0, this.remembered - this.reach); n < this.remembered; n++) index.set(this.keys[n % this.reach], n);
    this.index = index;
  }
}
