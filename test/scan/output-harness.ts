// For the output-set tests: the real CLI in a child process that a test can SIGKILL (bin/farmscan.js over
// dist/, built by `npm test`'s tsc), and snapshots of an output folder to byte-compare.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOwned } from '../../src/scan/output-names.js';

const BIN = fileURLToPath(new URL('../../bin/farmscan.js', import.meta.url));

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** `killWhen`: called once the child runs; the child gets `signal` (SIGKILL) when its promise settles. */
export function runScanChild(args: string[], options: { env?: Record<string, string>; killWhen?: () => Promise<unknown>; signal?: NodeJS.Signals } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'scan', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    let closed = false;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      closed = true;
      resolve({ code, signal, stderr });
    });
    void options.killWhen?.().finally(() => closed || child.kill(options.signal ?? 'SIGKILL'));
  });
}

/** Every file below `dir` (relative, forward slashes) with a digest of its bytes; null when `dir` is missing. */
export async function snapshot(dir: string): Promise<Record<string, string> | null> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => null);
  if (names === null) return null;
  const files: Record<string, string> = {};
  for (const entry of names) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, full).split(path.sep).join('/');
    files[rel] = createHash('sha256').update(await readFile(full)).digest('hex').slice(0, 16);
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Only farmscan's files of a snapshot. */
export function ownedOf(files: Record<string, string> | null): Record<string, string> | null {
  return files === null ? null : Object.fromEntries(Object.entries(files).filter(([rel]) => isOwned(rel)));
}

/** What a scan left beside `out`; without the lock, which a killed scan leaves for the next to take over. */
export async function leftovers(out: string, withLock = true): Promise<string[]> {
  const names = (await readdir(path.dirname(out))).filter((name) => name.startsWith(`.${path.basename(out)}.farmscan-`));
  return names.filter((name) => withLock || !name.endsWith('.farmscan-lock')).sort();
}

export async function copyDir(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true, verbatimSymlinks: true });
}

/** Resolves once `check` holds (polled every 2 ms), or after `ms`. */
export async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 2))) if (await check()) return true;
  return false;
}

/** A scan's staging folder beside `out` exists. */
export async function staging(out: string): Promise<boolean> {
  return (await readdir(path.dirname(out))).some((name) => name.startsWith(`.${path.basename(out)}.farmscan-new-`));
}
