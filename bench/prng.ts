// A small seeded PRNG (a Weyl sequence through a murmur3-style finalizer): the generator must give
// byte-identical exports for the same seed on every machine, which Math.random cannot.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** `count` lower-case hex digits. */
  hex(count: number): string;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const word = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const next = (): number => word() / 4294967296;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)],
    hex(count) {
      let text = '';
      while (text.length < count) text += word().toString(16).padStart(8, '0');
      return text.slice(0, count);
    },
  };
}

/** A version-4-shaped GUID from the PRNG, as `<G>` carries it. */
export function randomGuid(random: Random): string {
  const h = random.hex(32);
  const variant = '89ab'[parseInt(h[16], 16) & 3];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
