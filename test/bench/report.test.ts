import { goals, median, summarize, table, threadGoals, threadsTable, type Row, type ThreadsRow } from '../../bench/report.js';

const side = (seconds: number, maxRssMB: number) => summarize([{ seconds, maxRssMB }], 100e6);

function row(sites: number, refSeconds: number, scanSeconds: number | null, scanRss = 150): Row {
  const reference = side(refSeconds, 80);
  const scan = scanSeconds === null ? null : side(scanSeconds, scanRss);
  return { encoding: 'utf8', sites, apps: sites / 200, inputBytes: 100e6, reference, scan, ratio: scan ? scan.seconds / reference.seconds : null };
}

describe('bench report', () => {
  test('median of odd and even counts; throughput in 10^6 bytes per second', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(summarize([{ seconds: 2, maxRssMB: 90 }, { seconds: 4, maxRssMB: 70 }, { seconds: 3, maxRssMB: 80 }], 300e6)).toMatchObject({
      seconds: 3,
      mbPerSecond: 100,
      maxRssMB: 80,
    });
  });

  test('goals hold when the scan is within 1.25x, under 256 MB and flat', () => {
    const result = goals([row(100_000, 1, 1.2, 150), row(1_000_000, 10, 12, 170)]);
    expect(result.map((g) => g.holds)).toEqual([true, true, true]);
  });

  test('each goal fails on its own', () => {
    expect(goals([row(100_000, 1, 1.2), row(1_000_000, 10, 13)]).map((g) => g.holds)).toEqual([false, true, true]);
    expect(goals([row(100_000, 1, 1, 300), row(1_000_000, 10, 10, 300)]).map((g) => g.holds)).toEqual([true, false, true]);
    expect(goals([row(100_000, 1, 1, 100), row(1_000_000, 10, 10, 200)]).map((g) => g.holds)).toEqual([true, true, false]);
  });

  test('the time goal is the million-site export\'s, as issue 6 sets it; a smaller export\'s ratio is shown beside it', () => {
    const [time] = goals([row(100_000, 1, 1.4), row(1_000_000, 10, 12)]);
    expect(time).toEqual({ goal: 'scan/reference ≤ 1.25 at 1,000,000 sites', holds: true, detail: 'worst 1.20; smaller exports, not part of the goal: worst 1.40' });
  });

  test('without a scan the goals are not measured and the table shows dashes', () => {
    const rows = [row(100_000, 1, null)];
    const result = goals(rows);
    expect(result).toEqual([expect.objectContaining({ holds: null })]);
    const text = table(rows, result);
    expect(text).toMatch(/^utf8\s+100,000\s+500\s+100\.0\s+1\.00\s+100\.0\s+80\s+-\s+-\s+-\s+-$/m);
    expect(text).toContain('n/a');
  });

  test('the split export: faster on threads by 1.25x and under 256 MB, or not measured on one CPU', () => {
    const split = (threads: number, oneSeconds: number, manySeconds: number, manyRss: number): ThreadsRow => ({
      files: 4,
      sites: 1_000_000,
      apps: 5000,
      inputBytes: 370e6,
      threads,
      one: side(oneSeconds, 120),
      many: side(manySeconds, manyRss),
      speedup: oneSeconds / manySeconds,
    });
    expect(threadGoals(split(2, 10, 6, 180), 2).map((g) => g.holds)).toEqual([true, true]);
    expect(threadGoals(split(2, 10, 9, 180), 2).map((g) => g.holds)).toEqual([false, true]);
    expect(threadGoals(split(0, 10, 6, 180), 2).map((g) => g.holds)).toEqual([false, true]); // fast, but not on threads
    expect(threadGoals(split(2, 10, 6, 300), 2).map((g) => g.holds)).toEqual([true, false]);
    expect(threadGoals(split(0, 10, 10, 120), 1).map((g) => g.holds)).toEqual([null, true]);
    expect(threadsTable(split(2, 10, 6, 180))).toBe('4 files, 1,000,000 sites + 5,000 apps, 370.0 MB: 1 thread 10.00 s, 120 MB; 2 threads 6.00 s, 180 MB; ×1.67\n');
  });
});
