// The objects a `<Ref RefId="…">` can point back to: the last `reach` objects read that carry a RefId,
// kept in two generations so memory stays flat however long the file.
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

interface Remembered {
  obj: PSObject;
  /** Objects with a RefId read before this one. */
  n: number;
}

// Two generations of RefIds, which hold at least the last `reach` objects; forgetting is dropping a whole
// Map (cheaper than evicting one entry at a time). Each entry has its object's number, so the reach is
// exactly `reach` wherever the reading started (a part of a split file reaches as far as a whole read).
export class RefTable {
  private young = new Map<RefKey, Remembered>();
  private old = new Map<RefKey, Remembered>();
  private remembered = 0;

  constructor(private readonly reach: number) {}

  /** Objects with a RefId read so far. */
  get count(): number {
    return this.remembered;
  }

  remember(refId: RefKey | null, obj: PSObject): void {
    if (refId === null) return;
    if (this.young.size >= this.reach) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(refId, { obj, n: this.remembered++ });
  }

  /** The object of that RefId, if it is in reach. */
  recall(refId: string): PSObject | undefined {
    const key = refKeyOf(refId);
    const hit = this.young.get(key) ?? this.old.get(key);
    return hit !== undefined && this.remembered - hit.n <= this.reach ? hit.obj : undefined;
  }
}
