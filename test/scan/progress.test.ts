import { createProgress } from '../../src/scan/progress.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => void writes.push(text) };
}

describe('progress on stderr', () => {
  test('a TTY gets a bar by bytes read, records/s and an ETA, redrawn at most every 200 ms, cleared at the end', () => {
    let now = 0;
    const err = stream(true);
    // One small file and one big one: by files it would look half done at once.
    const progress = createProgress(err, { files: 2, bytes: 1000 }, false, () => now);
    progress.addBytes(50);
    progress.fileDone();
    now = 1000;
    progress.addBytes(200);
    progress.add(5000);
    expect(err.writes.at(-1)).toBe('\r[#####---------------] scanning: 1/2 files, 5000 records, 5000 records/s, 25%, ETA ~3 s\u001b[K');
    const drawn = err.writes.length;
    now = 1100;
    progress.add(1000); // within 200 ms: no redraw
    expect(err.writes).toHaveLength(drawn);
    now = 2000;
    progress.addBytes(750);
    progress.fileDone();
    expect(err.writes.at(-1)).toBe('\r[####################] scanning: 2/2 files, 6000 records, 3000 records/s, 100%\u001b[K');
    progress.end();
    expect(err.writes.at(-1)).toBe('\r\u001b[K');
  });

  test('not a TTY: a plain line every 5 s; no ETA before 1% or 1 s', () => {
    let now = 0;
    const err = stream(false);
    const progress = createProgress(err, { files: 1, bytes: 10_000 }, false, () => now);
    now = 4000;
    progress.add(1000);
    expect(err.writes).toEqual([]);
    now = 5000;
    progress.addBytes(50);
    progress.add(1000);
    expect(err.writes).toEqual(['scanning: 0/1 files, 2000 records, 400 records/s, 0%\n']);
    progress.end();
    expect(err.writes).toHaveLength(1);
  });

  test('quiet writes nothing', () => {
    const err = stream(true);
    const progress = createProgress(err, { files: 1, bytes: 10 }, true, () => 10_000);
    progress.addBytes(10);
    progress.add(1000);
    progress.fileDone();
    progress.end();
    expect(err.writes).toEqual([]);
  });
});
