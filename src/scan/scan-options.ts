// A scan's options checked and settled before anything is read or written: each wrong one is a UsageError
// naming the flag, in the order the flags are checked.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { TargetPlatform } from '../plan/types.js';
import type { OutputStream } from '../cli/io.js';

export interface ScanOptions {
  exportDir: string;
  outDir: string;
  scanId?: string;
  /** ISO time written into the plan and summary; pin it for byte-identical outputs. */
  scanTime?: string;
  scanners?: readonly string[];
  plugins?: readonly string[];
  concurrency?: number;
  targetPlatform?: TargetPlatform;
  quiet?: boolean;
  stderr?: OutputStream;
  cwd?: string;
  now?: () => Date;
  /** Where the scan's private temp folder is made (default: the OS temp folder); it must exist. */
  tempDir?: string;
  /** Findings held in memory before they go to a temp file (default 20,000); for tests and tuning. */
  findingsInMemory?: number;
  /**
   * For tests and tuning: the least bytes of a part of a big file read on a thread of its own (default 16 MiB).
   * An export under twice this is read on the main thread.
   */
  partBytes?: number;
}

export type SettledOptions = Omit<ScanOptions, 'scanId' | 'concurrency' | 'targetPlatform' | 'exportDir' | 'outDir' | 'cwd'> & {
  exportDir: string;
  outDir: string;
  cwd: string;
  scanId: string;
  generatedAt: string;
  targetPlatform: TargetPlatform;
  concurrency: number;
};

export async function settleOptions(options: ScanOptions): Promise<SettledOptions> {
  const cwd = options.cwd ?? process.cwd();
  const scanId = options.scanId ?? randomUUID();
  if (!/^[^\u0000-\u001f\u007f]{1,128}$/.test(scanId)) throw new UsageError(`--scan-id must be 1 to 128 characters without control characters, not ${JSON.stringify(scanId)}`);
  const generatedAt = options.scanTime ?? (options.now ?? (() => new Date()))().toISOString();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(generatedAt) || Number.isNaN(Date.parse(generatedAt))) {
    throw new UsageError(`--scan-time must be an ISO 8601 date and time such as 2026-11-23T10:00:00Z, not ${JSON.stringify(generatedAt)}`);
  }
  const concurrency = options.concurrency ?? os.availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number of at least 1, not ${options.concurrency}`);
  if (options.partBytes !== undefined && !(Number.isSafeInteger(options.partBytes) && options.partBytes > 0)) {
    throw new UsageError(`partBytes must be a whole number of bytes above 0, not ${options.partBytes}`);
  }
  const exportDir = path.resolve(cwd, options.exportDir);
  await requireDirectory(exportDir, 'export folder');
  const tempDir = options.tempDir === undefined ? undefined : path.resolve(cwd, options.tempDir);
  if (tempDir !== undefined) {
    await requireDirectory(tempDir, 'temp folder');
    await access(tempDir, constants.W_OK).catch(() => {
      throw new UsageError(`${tempDir}: the temp folder cannot be written to`);
    });
  }
  const targetPlatform = options.targetPlatform ?? 'sharepoint-se';
  return { ...options, cwd, exportDir, outDir: path.resolve(cwd, options.outDir), scanId, generatedAt, targetPlatform, concurrency, tempDir };
}

async function requireDirectory(dir: string, what: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info === null) throw new UsageError(`${dir}: the ${what} does not exist`);
  if (!info.isDirectory()) throw new UsageError(`${dir}: the ${what} is not a folder`);
}
