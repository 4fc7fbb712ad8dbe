// Progress on stderr: a redrawn bar line on a TTY, plain lines every few seconds otherwise, nothing when
// quiet. Standard output stays clean for --json. Measured in bytes read: one big site list is most of an
// export, so counting files would show half done, and an ETA of nothing, for most of the scan.
import type { OutputStream } from '../cli/io.js';

export interface Progress {
  add(records: number): void;
  addBytes(bytes: number): void;
  fileDone(): void;
  end(): void;
}

export interface ProgressTotals {
  files: number;
  bytes: number;
}

export function createProgress(stderr: OutputStream, totals: ProgressTotals, quiet: boolean, clock: () => number = Date.now): Progress {
  if (quiet) return { add() {}, addBytes() {}, fileDone() {}, end() {} };
  const tty = stderr.isTTY === true;
  const started = clock();
  const interval = tty ? 200 : 5000;
  let records = 0;
  let bytes = 0;
  let files = 0;
  let last = started;
  let drawn = false;

  /** Share done, 0 to 1: by bytes when the sizes are known, else by files. */
  const done = () => {
    if (totals.bytes > 0) return Math.min(1, bytes / totals.bytes);
    return totals.files === 0 ? 1 : files / totals.files;
  };
  const line = () => {
    const seconds = (clock() - started) / 1000;
    const rate = seconds > 0 ? Math.round(records / seconds) : 0;
    const share = done();
    // An ETA from the first moments or the first percent would be noise.
    const eta = share >= 0.01 && share < 1 && seconds >= 1 ? `, ETA ~${Math.max(1, Math.round((seconds * (1 - share)) / share))} s` : '';
    return `scanning: ${files}/${totals.files} files, ${records} records, ${rate} records/s, ${Math.floor(share * 100)}%${eta}`;
  };
  const draw = (force = false) => {
    const now = clock();
    if (!force && now - last < interval) return;
    last = now;
    if (tty) {
      const width = 20;
      const filled = Math.round(done() * width);
      stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${line()}\u001b[K`);
      drawn = true;
    } else {
      stderr.write(`${line()}\n`);
    }
  };
  return {
    add(n) {
      records += n;
      draw();
    },
    addBytes(n) {
      bytes += n;
    },
    fileDone() {
      files++;
      draw();
    },
    end() {
      if (tty && drawn) stderr.write('\r\u001b[K');
    },
  };
}
