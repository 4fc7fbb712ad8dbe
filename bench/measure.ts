/** What every bench child prints: wall seconds of the work, its own fields, this process's peak RSS. */
export type Measured<T> = { seconds: number } & T & { maxRssMB: number };

export async function measure<T extends object>(work: () => Promise<T>): Promise<Measured<T>> {
  const started = process.hrtime.bigint();
  const fields = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // resourceUsage().maxRSS is in KiB; MB here means MiB, as `ps` and `top` show it.
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  return { seconds: round(seconds, 3), ...fields, maxRssMB: round(maxRssMB, 1) };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
