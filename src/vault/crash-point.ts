// Fault injection for the crash tests: FARMSCAN_TEST_CRASH_AT=<point>[#n] kills this process with SIGKILL
// the n-th time (default first) it passes the named point, so a test can prove that a kill at that
// moment leaves the old vault or the new one. Read from process.env on purpose: it is a property of the
// process under test, not of the command's injected environment. Unset in normal use: a no-op.
const hits = new Map<string, number>();

export function crashPoint(name: string): void {
  const spec = process.env.FARMSCAN_TEST_CRASH_AT;
  if (!spec) return;
  const [point, nth = '1'] = spec.split('#');
  if (point !== name) return;
  const count = (hits.get(name) ?? 0) + 1;
  hits.set(name, count);
  if (count === Number(nth)) process.kill(process.pid, 'SIGKILL');
}
