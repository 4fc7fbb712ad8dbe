// A top-level object read in one pass (clixml-flat-object.ts) as a PSObject: its values in an array, its
// property keys in a Shape that every object with the same properties shares. The Map of a PSObject is made
// only when asked for: a site's record reads its values by slot (flat-records.ts), and a Map of six
// entries a site was most of what the reader allocated.
import type { PSObject, PSPrimitive, PSValue } from './ps-value.js';

export class Shape {
  /** What a reader of records makes of objects of this shape, by their type names (flat-records.ts). */
  readonly plans = new Map<readonly string[], unknown>();
  private lastIndex: Map<string, number> | null = null;

  /** Keys (lower-cased property names) in document order; a repeated key's last value is its value. */
  constructor(readonly keys: readonly string[]) {}

  /** The slot of `key`'s value, or -1. */
  slotOf(key: string): number {
    if (this.lastIndex === null) {
      this.lastIndex = new Map();
      this.keys.forEach((k, i) => this.lastIndex!.set(k, i));
    }
    return this.lastIndex.get(key) ?? -1;
  }

  has(key: string): boolean {
    return this.slotOf(key) !== -1;
  }
}

/**
 * Its own enumerable properties, and its JSON, are a PSObject's (`props` is made for them): a value reads
 * the same whichever way it was read. Only toEqual-style comparisons of own properties tell the two apart.
 */
export class FlatObject implements PSObject {
  readonly typeNames: readonly string[];
  toString: string | null = null;
  value: PSPrimitive | undefined = undefined;
  items: PSValue[] | null = null;
  entries: Array<[PSValue, PSValue]> | null = null;
  readonly #shape: Shape;
  readonly #values: readonly PSValue[];
  #map: Map<string, PSValue> | null = null;

  /** `values[i]` is the value of `shape.keys[i]`; all primitives. */
  constructor(typeNames: readonly string[], shape: Shape, values: readonly PSValue[]) {
    this.typeNames = typeNames;
    this.#shape = shape;
    this.#values = values;
  }

  get shape(): Shape {
    return this.#shape;
  }

  get values(): readonly PSValue[] {
    return this.#values;
  }

  get props(): Map<string, PSValue> {
    if (this.#map === null) {
      const map = new Map<string, PSValue>();
      const keys = this.#shape.keys;
      for (let i = 0; i < keys.length; i++) map.set(keys[i], this.#values[i]);
      this.#map = map;
    }
    return this.#map;
  }

  toJSON(): PSObject {
    const { typeNames, props, toString, value, items, entries } = this;
    return { typeNames, props, toString, value, items, entries };
  }
}

/** One Shape for each sequence of keys met (most files have one or two), found again without a new array. */
export class Shapes {
  private last: Shape | null = null;
  private readonly known = new Map<string, Shape>();

  /** The shape of keys[0, count). */
  of(keys: readonly string[], count: number): Shape {
    const last = this.last;
    if (last !== null && last.keys.length === count) {
      let i = 0;
      while (i < count && last.keys[i] === keys[i]) i++;
      if (i === count) return last;
    }
    const own = keys.slice(0, count);
    const id = own.join('\u0000');
    let shape = this.known.get(id);
    if (shape === undefined) {
      shape = new Shape(own);
      if (this.known.size >= 256) this.known.clear();
      this.known.set(id, shape);
    }
    this.last = shape;
    return shape;
  }
}
