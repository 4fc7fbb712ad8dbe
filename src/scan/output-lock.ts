// One scan at a time writes an output folder: a lock file beside it names the host and process holding
// it. A second scan stops with one message. A lock whose process is gone (a killed scan) is taken over;
// one held on another host (a shared drive) counts until it has not been refreshed for LOCK_STALE_MS.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';

export interface OutputLock {
  release(): void;
}

/** The holder refreshes its lock's time this often, so another host can tell it is alive. */
const REFRESH_MS = 60_000;
const LOCK_STALE_MS = 10 * 60_000;
/** A lock file not written out yet (its writer was killed at once) counts as held this long. */
const UNREADABLE_STALE_MS = 60_000;

interface Holder {
  host: string;
  pid: number;
  since: string;
}

export function lockOutput(lockPath: string, out: string, now: () => Date = () => new Date()): OutputLock {
  const text = `${JSON.stringify({ host: os.hostname(), pid: process.pid, since: now().toISOString() })}\n`;
  for (let attempt = 0; ; attempt++) {
    if (create(lockPath, text)) break;
    const held = read(lockPath);
    if (held === null) continue; // released meanwhile
    if (!isStale(held) || attempt >= 3) throw busy(out, lockPath, held.holder);
    takeOver(lockPath, held.text, out);
  }
  const refresh = setInterval(() => {
    const time = new Date();
    try {
      utimesSync(lockPath, time, time);
    } catch {
      // Gone or unwritable: release() below checks whose it is.
    }
  }, REFRESH_MS);
  refresh.unref();
  const release = () => {
    clearInterval(refresh);
    process.removeListener('exit', release);
    if (read(lockPath)?.text === text) rmSync(lockPath, { force: true });
  };
  process.on('exit', release);
  return { release };
}

function create(lockPath: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UsageError(`${path.dirname(lockPath)}: cannot be written to (${code}); farmscan writes a new set of reports beside the output folder, so the folder holding it must be writable`);
    }
    throw error;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function read(lockPath: string): { text: string; holder: Holder | null; age: number } | null {
  try {
    const text = readFileSync(lockPath, 'utf8');
    const age = Date.now() - statSync(lockPath).mtimeMs;
    let holder: Holder | null = null;
    try {
      const parsed = JSON.parse(text) as Holder;
      if (typeof parsed.host === 'string' && Number.isSafeInteger(parsed.pid)) holder = parsed;
    } catch {
      holder = null;
    }
    return { text, holder, age };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function isStale({ holder, age }: { holder: Holder | null; age: number }): boolean {
  if (holder === null) return age > UNREADABLE_STALE_MS;
  if (holder.host !== os.hostname()) return age > LOCK_STALE_MS;
  return !alive(holder.pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, under another user
  }
}

/** Moves the stale lock aside; if what moved is not the lock judged stale (another scan took it over first), puts it back. */
function takeOver(lockPath: string, staleText: string, out: string): void {
  const aside = `${lockPath}.stale-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readFileSync(aside, 'utf8');
  if (moved === staleText) {
    rmSync(aside, { force: true });
    return;
  }
  renameSync(aside, lockPath);
  const held = read(lockPath);
  throw busy(out, lockPath, held?.holder ?? null);
}

function busy(out: string, lockPath: string, holder: Holder | null): UsageError {
  const who = holder === null ? 'another scan' : `another scan (process ${holder.pid} on ${holder.host}, since ${holder.since})`;
  return new UsageError(`${out}: ${who} is writing this output folder; wait for it to end, or give another --out. If no scan is running, delete ${lockPath}`);
}
