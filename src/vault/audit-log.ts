// The audit log file: JSON lines, appended (O_APPEND, fsync), 0600; purge rewrites it atomically. Only
// the holder of the vault's lock writes it, so the chain has one writer at a time.
import { constants } from 'node:fs';
import { open, readFile, truncate } from 'node:fs/promises';
import { writeFileAtomic } from '../io/atomic-write.js';
import { crashPoint } from './crash-point.js';
import { tightenMode } from './file-mode.js';

export function auditPathFor(vaultPath: string): string {
  return `${vaultPath}.audit.jsonl`;
}

export interface LogText {
  /** Complete lines, without their newline. */
  lines: string[];
  /** Bytes after the last newline: an append cut short by a crash or power loss. */
  tornBytes: number;
}

export async function readLog(file: string): Promise<LogText> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], tornBytes: 0 };
    throw error;
  }
  const end = bytes.lastIndexOf(0x0a) + 1;
  const text = bytes.subarray(0, end).toString('utf8');
  return { lines: text === '' ? [] : text.slice(0, -1).split('\n'), tornBytes: bytes.length - end };
}

/** Cuts a torn last line, so the next append starts a line of its own. */
export async function cutTornTail(file: string, log: LogText): Promise<void> {
  if (log.tornBytes === 0) return;
  await truncate(file, Buffer.byteLength(log.lines.map((l) => `${l}\n`).join(''), 'utf8'));
}

export async function appendLine(file: string, line: string): Promise<void> {
  crashPoint('audit.append');
  const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);
  await tightenMode(file);
  const handle = await open(file, flags, 0o600);
  try {
    await handle.write(`${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  crashPoint('audit.appended');
}

export async function rewriteLog(file: string, lines: string[]): Promise<void> {
  await writeFileAtomic(file, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
}
