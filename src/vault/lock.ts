// One writer at a time: `<vault>.lock` names the run that holds the vault (pid, host, boot, since). It
// is created whole (written to a temp file, then hard-linked into place, which fails if a lock exists),
// refreshed (mtime) every 30 s, removed on exit. Stale, and broken by the next run: on this host, a
// lock whose process is gone or whose host was rebooted since (a dead pid is certain, at once); on any
// host, a lock not refreshed for 5 minutes (the only sign a run on another host left, and it also
// covers a pid reused by an unrelated process here). Age alone is not used for a live local holder
// refreshing its lock: a long replay must never have its lock taken away.
import { randomBytes } from 'node:crypto';
import { constants, readFileSync, unlinkSync } from 'node:fs';
import { link, lstat, open, readFile, rename, rm, unlink, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError, VaultError } from '../errors.js';
import { crashPoint } from './crash-point.js';

export const DEFAULT_LOCK_WAIT_MS = 30_000;
export const HEARTBEAT_MS = 30_000;
/** A lock counts as abandoned this long after its last refresh (ten missed heartbeats). */
export const FOREIGN_STALE_MS = 5 * 60_000;
/** Boot times further apart than this mean the host was rebooted since the lock was taken. */
const BOOT_TOLERANCE_MS = 120_000;

export interface LockHolder {
  pid: number;
  host: string;
  /** When the holder's host was booted (ISO): a reboot makes every lock of the old boot stale. */
  boot: string;
  since: string;
  command: string;
  token: string;
}

export interface VaultLock {
  readonly path: string;
  /** Throws when the lock file is no longer ours (broken as stale, removed by hand). */
  assertHeld(): Promise<void>;
  release(): void;
}

export interface LockOptions {
  /** Names the run in the lock file and in other runs' messages, e.g. "replay". */
  command: string;
  waitMs?: number;
  /** One-line notes: a stale lock removed, waiting for a holder. */
  notice?: (line: string) => void;
}

/** --lock-wait <seconds> as milliseconds; absent: the default. */
export function lockWaitMs(seconds: number | undefined): number {
  if (seconds === undefined) return DEFAULT_LOCK_WAIT_MS;
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) throw new UsageError(`--lock-wait must be a number of seconds from 0 to 86400, not ${seconds}`);
  return Math.round(seconds * 1000);
}

export function lockPathFor(vaultPath: string): string {
  return `${vaultPath}.lock`;
}

/** Locks held by this process, removed when it exits (Ctrl-C in the CLI leaves through process.exit). */
const held = new Map<string, string>();
process.on('exit', () => {
  for (const [file, token] of held) releaseSync(file, token);
});

export async function acquireVaultLock(vaultPath: string, options: LockOptions): Promise<VaultLock> {
  const file = lockPathFor(vaultPath);
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const started = Date.now();
  let pause = 50;
  let announced = false;
  for (;;) {
    const holder: LockHolder = { pid: process.pid, host: os.hostname(), boot: bootTime(), since: new Date().toISOString(), command: options.command, token: randomBytes(12).toString('hex') };
    if (await tryCreate(file, holder)) return heldLock(file, holder);
    const current = await readHolder(file);
    if (current === 'gone') continue;
    const staleWhy = current === 'unreadable' ? await unreadableStale(file) : staleReason(current.holder, current.refreshed);
    if (staleWhy !== null) {
      if (await breakLock(file, current)) options.notice?.(`farmscan: removed a stale lock on ${vaultPath}: ${staleWhy}`);
      continue;
    }
    const waited = Date.now() - started;
    if (current === 'unreadable' || waited >= waitMs) throw busy(vaultPath, file, current, waited);
    if (!announced) options.notice?.(`farmscan: ${vaultPath} is in use by ${describe(current.holder)}; waiting up to ${seconds(waitMs)}`);
    announced = true;
    await sleep(Math.min(pause, waitMs - waited));
    pause = Math.min(pause * 2, 500);
  }
}

function heldLock(file: string, holder: LockHolder): VaultLock {
  held.set(file, holder.token);
  crashPoint('lock.acquired');
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    path: file,
    async assertHeld() {
      const current = await readHolder(file);
      if (current === 'gone' || current === 'unreadable' || current.holder.token !== holder.token) {
        throw new VaultError(`${file}: this run no longer holds the vault's lock (it was removed or taken over); nothing more was written. Run again.`);
      }
    },
    release() {
      clearInterval(heartbeat);
      if (held.get(file) === holder.token) releaseSync(file, holder.token);
      held.delete(file);
    },
  };
}

/** Writes the holder to a temp file and links it to the lock name: the lock never exists half-written. */
async function tryCreate(file: string, holder: LockHolder): Promise<boolean> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(holder)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

type Observed = 'gone' | 'unreadable' | { holder: LockHolder; refreshed: number; text: string };

async function readHolder(file: string): Promise<Observed> {
  let text: string;
  let refreshed: number;
  try {
    [text, refreshed] = await Promise.all([readFile(file, 'utf8'), lstat(file).then((s) => s.mtimeMs)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  const holder = parseHolder(text);
  return holder ? { holder, refreshed, text } : 'unreadable';
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as LockHolder;
    const ok = Number.isSafeInteger(h.pid) && h.pid > 0 && [h.host, h.boot, h.since, h.command, h.token].every((v) => typeof v === 'string');
    return ok ? h : null;
  } catch {
    return null;
  }
}

/** Why `holder` no longer holds the vault, or null while it may still be running. */
export function staleReason(holder: LockHolder, refreshed: number, now = Date.now()): string | null {
  const who = describe(holder);
  if (holder.host === os.hostname()) {
    if (Math.abs(Date.parse(holder.boot) - Date.parse(bootTime())) > BOOT_TOLERANCE_MS) return `${who}: this host was restarted since`;
    if (!processExists(holder.pid)) return `${who}: that process is gone`;
  }
  const silent = now - refreshed;
  return silent > FOREIGN_STALE_MS ? `${who}: not refreshed for ${seconds(silent)}` : null;
}

/** A lock file nobody can read was not written by farmscan (which links it whole): stale only once old. */
async function unreadableStale(file: string): Promise<string | null> {
  const age = Date.now() - (await lstat(file).then((s) => s.mtimeMs, () => Date.now()));
  return age > FOREIGN_STALE_MS ? `an unreadable lock file, untouched for ${seconds(age)}` : null;
}

/**
 * Moves the lock aside, then checks it moved the one judged stale: two runs breaking the same lock at
 * once cannot remove a fresh lock that a third took in between (it is put back).
 */
async function breakLock(file: string, judged: Exclude<Observed, 'gone'>): Promise<boolean> {
  const grave = `${file}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(file, grave);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = await readFile(grave, 'utf8').catch(() => '');
  const same = judged === 'unreadable' ? parseHolder(moved) === null : moved === judged.text;
  if (!same) await link(grave, file).catch(() => undefined);
  await unlink(grave).catch(() => undefined);
  return same;
}

function busy(vaultPath: string, file: string, current: Exclude<Observed, 'gone'>, waited: number): VaultError {
  if (current === 'unreadable') {
    return new VaultError(`${vaultPath} is locked by ${file}, which is not a farmscan lock file; if no farmscan run is using the vault, delete it`);
  }
  const h = current.holder;
  const foreign = h.host !== os.hostname()
    ? ` It is on another host: it counts as abandoned ${seconds(FOREIGN_STALE_MS)} after its last refresh (${new Date(current.refreshed).toISOString()}).`
    : '';
  return new VaultError(
    `${vaultPath} is in use by ${describe(h)} (waited ${seconds(waited)}). Run again when it has finished, or wait longer with --lock-wait <seconds>.${foreign} If no such run exists, delete ${file}.`,
  );
}

function describe(h: LockHolder): string {
  return `farmscan ${JSON.stringify(h.command)} (pid ${h.pid} on host ${JSON.stringify(h.host)}, since ${h.since})`;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The host's boot time to the second, the same in every process of one boot. */
export function bootTime(): string {
  return new Date(Math.round((Date.now() - os.uptime() * 1000) / 1000) * 1000).toISOString();
}

function releaseSync(file: string, token: string): void {
  try {
    if (parseHolder(readFileSync(file, 'utf8'))?.token === token) unlinkSync(file);
  } catch {
    // Already gone or unreadable: nothing of ours to remove.
  }
}

function seconds(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 100) / 10} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
