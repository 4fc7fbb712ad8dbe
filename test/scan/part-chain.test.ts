// Which parts of a split file stand (src/scan/part-chain.ts), driven through its events as the workers
// would send them, with three split points (four parts).
import type { PrefixFacts, StopState } from '../../src/sources/clixml-reader.js';
import { createPartChain } from '../../src/scan/part-chain.js';

const POINTS = [100, 200, 300];
const facts = (line: number): PrefixFacts => ({ line, typeNames: [['0', ['A.B']]] });
const stop = (at: number, line: number, more: Partial<StopState> = {}): StopState => ({ at, ...facts(line), clean: true, trusted: true, ...more });

function chain() {
  const log: string[] = [];
  const c = createPartChain(POINTS, {
    verdict: (k, readOn) => log.push(`${k} ${readOn ? 'reads on' : 'stops'}`),
    discard: (k) => log.push(`${k} discarded`),
    accept: (k) => log.push(`${k} accepted`),
    finished: () => log.push('finished'),
  });
  return { c, log };
}

describe('part chain', () => {
  test('every part fits: each hands on to the next, in order, whatever order they report in', () => {
    const { c, log } = chain();
    c.began(3, facts(30));
    c.ended(3, true); // the last part reads to the end first
    c.began(1, facts(10));
    c.began(2, facts(20));
    c.stopped(2, stop(300, 30));
    c.stopped(0, stop(100, 10)); // part 1 has not reached its split point yet: part 0 waits
    expect(log).toEqual([]);
    c.stopped(1, stop(200, 20));
    expect(log).toEqual(['0 stops', '1 accepted', '1 stops', '2 accepted', '2 stops', '3 accepted', 'finished']);
    expect([0, 1, 2, 3].map((k) => c.accepted(k))).toEqual([true, true, true, true]);
  });

  test('a later part that fails is discarded, and the reading before it reads on through it', () => {
    const { c, log } = chain();
    c.began(1, facts(10));
    c.began(2, facts(20));
    c.began(3, facts(30));
    c.ended(2, false);
    expect(log).toEqual(['2 discarded']);
    c.stopped(1, stop(200, 20));
    c.stopped(0, stop(100, 10));
    c.ended(0, true); // part 0 handed on: its end is not the file's
    expect(log.slice(1)).toEqual(['0 stops', '1 accepted', '1 reads on']);
    c.ended(3, true);
    c.stopped(1, stop(300, 30)); // part 1, reading on, reaches part 3
    expect(log.slice(4)).toEqual(['1 stops', '3 accepted', 'finished']);
    expect(c.accepted(2)).toBe(false);
  });

  test('facts that do not match the reading that got there: the part is discarded', () => {
    for (const [why, state] of [
      ['another line', stop(100, 11)],
      ['other type names', { ...stop(100, 10), typeNames: [['0', ['A.C']]] as Array<[string, string[]]> }],
      ['half-read markup', stop(100, 10, { clean: false })],
    ] as const) {
      const { c, log } = chain();
      c.began(1, facts(10));
      c.stopped(1, stop(200, 20));
      c.stopped(0, state);
      expect({ why, log }).toEqual({ why, log: ['1 discarded', '0 reads on'] });
    }
  });

  test('a part that has not read enough objects to know its <Ref>s cannot be accepted', () => {
    const { c, log } = chain();
    c.began(1, facts(10));
    c.stopped(1, stop(200, 20, { trusted: false }));
    c.stopped(0, stop(100, 10));
    expect(log).toEqual(['1 discarded', '0 reads on']);
  });

  test('an error in a reading that stands ends the file: every later part is discarded', () => {
    const { c, log } = chain();
    c.began(1, facts(10));
    c.ended(1, true);
    c.ended(0, false);
    expect(log).toEqual(['1 discarded', '2 discarded', '3 discarded', 'finished']);
  });

  test('a part that could not read the bytes before it is discarded at once', () => {
    const { c, log } = chain();
    c.began(2, null);
    expect(log).toEqual(['2 discarded']);
  });
});
