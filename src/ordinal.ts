/** Ordinal string order: the same on every machine and in every locale, so outputs stay byte-identical. */
export function compareOrdinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
