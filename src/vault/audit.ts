// The audit log beside the vault: JSON lines (a newline in an application id cannot forge an entry),
// appended, 0600, never a value. Purging rewrites it atomically.
import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { writeFileAtomic } from '../io/atomic-write.js';
import { crashPoint } from './crash-point.js';
import { tightenMode } from './file-mode.js';

export interface AuditEntry {
  time: string;
  action: string;
  application: string | null;
  user: string;
  outcome: 'success' | 'failure';
  reason?: string;
}

export function auditPathFor(vaultPath: string): string {
  return `${vaultPath}.audit.jsonl`;
}

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export async function appendAudit(file: string, entry: AuditEntry): Promise<void> {
  crashPoint('audit.append');
  const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);
  await tightenMode(file);
  const handle = await open(file, flags, 0o600);
  try {
    await handle.write(`${JSON.stringify(entry)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Entries in file order. A torn last line (a crash mid-append) and foreign lines are skipped, counted. */
export async function readAudit(file: string): Promise<{ entries: AuditEntry[]; unreadable: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], unreadable: 0 };
    throw error;
  }
  const entries: AuditEntry[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as AuditEntry;
      if (typeof entry.time !== 'string' || typeof entry.action !== 'string') throw new Error('not an entry');
      entries.push(entry);
    } catch {
      unreadable++;
    }
  }
  return { entries, unreadable };
}

/** Removes entries older than `days` before `now`; returns how many went. */
export async function purgeAudit(file: string, days: number, now: Date): Promise<{ removed: number; kept: number }> {
  const { entries } = await readAudit(file);
  const cutoff = now.getTime() - days * 24 * 60 * 60 * 1000;
  const kept = entries.filter((e) => !(Date.parse(e.time) < cutoff));
  await writeFileAtomic(file, kept.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
  return { removed: entries.length - kept.length, kept: kept.length };
}
