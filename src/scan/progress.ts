// Progress on stderr: a redrawn bar line on a TTY, plain lines every few seconds otherwise, nothing when
// quiet. Standard output stays clean for --json.
import type { OutputStream } from '../cli/io.js';

export interface Progress {
  add(records: number): void;
  fileDone(): void;
  end(): void;
}

export function createProgress(stderr: OutputStream, totalFiles: number, quiet: boolean, clock: () => number = Date.now): Progress {
  if (quiet) return { add() {}, fileDone() {}, end() {} };
  const tty = stderr.isTTY === true;
  const started = clock();
  const interval = tty ? 200 : 5000;
  let records = 0;
  let files = 0;
  let last = started;
  let drawn = false;

  const line = () => {
    const seconds = (clock() - started) / 1000;
    const rate = seconds > 0 ? Math.round(records / seconds) : 0;
    const eta = files > 0 && files < totalFiles ? ` ETA ~${Math.round((seconds / files) * (totalFiles - files))} s` : '';
    return `scanning: ${files}/${totalFiles} files, ${records} records, ${rate} records/s${eta}`;
  };
  const draw = (force = false) => {
    const now = clock();
    if (!force && now - last < interval) return;
    last = now;
    if (tty) {
      const done = totalFiles === 0 ? 1 : files / totalFiles;
      const width = 20;
      const filled = Math.round(done * width);
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
    fileDone() {
      files++;
      draw();
    },
    end() {
      if (tty && drawn) stderr.write('\r\u001b[K');
    },
  };
}
