// Named points on the way to a new output set, for the tests: FARMSCAN_TEST_CRASH_AT kills the process
// there (crash-point.ts); FARMSCAN_TEST_FAIL_AT=<point>[#n] makes the n-th pass fail as a full disk
// would, to prove that a scan that stops with a user error leaves the old set. Unset: a no-op.
import { crashPoint, nthPass } from '../vault/crash-point.js';

const failHits = new Map<string, number>();

export function outputPoint(name: string, where: string): void {
  crashPoint(name);
  if (nthPass(process.env.FARMSCAN_TEST_FAIL_AT, name, failHits)) {
    throw Object.assign(new Error(`ENOSPC: no space left on device, write '${where}'`), { code: 'ENOSPC', syscall: 'write', path: where });
  }
}
