// Fault injection for the crash and lock tests: FARMSCAN_TEST_CRASH_AT=<point>[#n] kills this process
// with SIGKILL the n-th time (default first) it passes the named point, so a test can prove that a kill
// at that moment leaves the old vault or the new one; FARMSCAN_TEST_PAUSE_AT=<point>:<ms> stops the
// process there for that long (a run that holds the lock while another arrives). Read from process.env
// on purpose: they are properties of the process under test, not of the command's injected environment.
// Unset in normal use: a no-op.
const hits = new Map<string, number>();

export function crashPoint(name: string): void {
  const pause = process.env.FARMSCAN_TEST_PAUSE_AT;
  if (pause) {
    const [point, ms] = pause.split(':');
    // A synchronous sleep: the point is reached inside synchronous code too.
    if (point === name) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ms));
  }
  if (nthPass(process.env.FARMSCAN_TEST_CRASH_AT, name, hits)) process.kill(process.pid, 'SIGKILL');
}

/** Whether `spec` (`<point>[#n]`) names `name` and this pass is its n-th, counted in `counts`. */
export function nthPass(spec: string | undefined, name: string, counts: Map<string, number>): boolean {
  if (!spec) return false;
  const [point, nth = '1'] = spec.split('#');
  if (point !== name) return false;
  const count = (counts.get(name) ?? 0) + 1;
  counts.set(name, count);
  return count === Number(nth);
}
