// `farmscan scan` as a library call: find the export files, run the scanners, write every report and
// the remediation plan. The CLI is a thin shell over this.
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import type { ReportContext } from '../../reports/types.js';
import type { OutputStream } from '../cli/io.js';
import { UsageError } from '../errors.js';
import { compareOrdinal } from '../ordinal.js';
import type { TargetPlatform } from '../plan/types.js';
import { createHeapGuard } from './heap-guard.js';
import { planReading } from './parallel.js';
import { createProgress } from './progress.js';
import { startReports } from './reports-run.js';
import { runScanners, type ExportFile, type FileCoverage, type ScanErrorRow } from './runner.js';
import { createTempSpace } from './temp-space.js';
import { selectScanners } from './load-scanners.js';
import { lockOutput } from './output-lock.js';
import { checkOutDir, siblingNames } from './output-names.js';
import { outputPoint } from './output-points.js';
import { recoverOutput } from './output-recover.js';
import { beginOutputSet } from './output-set.js';
import type { Scanner } from './types.js';
import type { FindingCount } from './finding-counts.js';

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

export interface ScanResult {
  scanId: string;
  outDir: string;
  files: FileCoverage[];
  errors: ScanErrorRow[];
  /** Findings by scanner, messageId and severity; the rows are in the reports. */
  findingCounts: FindingCount[];
  outputs: string[];
  records: number;
  /** Threads the files were read on, the main one included when it read a part of a split file; 0 when only the main thread read them (small exports). */
  threads: number;
  /** Parts of a big file read on a worker thread whose reading stood; 0 when no file was split or every part was read again. */
  parts: number;
  /** 0 clean, 2 finished but some input was bad. */
  exitCode: 0 | 2;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const exportDir = path.resolve(cwd, options.exportDir);
  const outDir = path.resolve(cwd, options.outDir);
  const scanId = options.scanId ?? randomUUID();
  if (!/^[^\u0000-\u001f\u007f]{1,128}$/.test(scanId)) throw new UsageError(`--scan-id must be 1 to 128 characters without control characters, not ${JSON.stringify(scanId)}`);
  const generatedAt = options.scanTime ?? (options.now ?? (() => new Date()))().toISOString();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(generatedAt) || Number.isNaN(Date.parse(generatedAt))) {
    throw new UsageError(`--scan-time must be an ISO 8601 date and time such as 2026-11-23T10:00:00Z, not ${JSON.stringify(generatedAt)}`);
  }
  const targetPlatform = options.targetPlatform ?? 'sharepoint-se';
  const concurrency = options.concurrency ?? os.availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number of at least 1, not ${options.concurrency}`);

  if (options.partBytes !== undefined && !(Number.isSafeInteger(options.partBytes) && options.partBytes > 0)) {
    throw new UsageError(`partBytes must be a whole number of bytes above 0, not ${options.partBytes}`);
  }
  await requireDirectory(exportDir, 'export folder');
  const tempDir = options.tempDir === undefined ? undefined : path.resolve(cwd, options.tempDir);
  if (tempDir !== undefined) {
    await requireDirectory(tempDir, 'temp folder');
    await access(tempDir, constants.W_OK).catch(() => {
      throw new UsageError(`${tempDir}: the temp folder cannot be written to`);
    });
  }
  const scanners = await selectScanners({ only: options.scanners, plugins: options.plugins, cwd });
  const files = await findExportFiles(exportDir, outDir);
  if (files.length === 0) throw new UsageError(`${exportDir}: no export files (*.xml) in this folder`);
  await checkOutDir(outDir, cwd);
  await mkdir(path.dirname(outDir), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${outDir}: cannot create the output folder (${error.code ?? error})`);
  });
  const lock = lockOutput(siblingNames(outDir).lock, outDir);
  try {
    await recoverOutput(outDir);
    return await scanInto(outDir, { ...options, scanId, generatedAt, targetPlatform, concurrency, tempDir }, files, scanners);
  } finally {
    lock.release();
  }
}

type Settled = Omit<ScanOptions, 'scanId' | 'concurrency' | 'targetPlatform'> & { scanId: string; generatedAt: string; targetPlatform: TargetPlatform; concurrency: number };

/** The scan proper, once its options are checked and the output folder is locked. */
async function scanInto(outDir: string, options: Settled, files: ExportFile[], scanners: Scanner<any>[]): Promise<ScanResult> {
  const { scanId, generatedAt, targetPlatform, concurrency, tempDir } = options;

  const totalBytes = files.reduce((sum, f) => sum + (f.size ?? 0), 0);
  const progress = createProgress(options.stderr ?? { write() {} }, { files: files.length, bytes: totalBytes }, options.quiet ?? !options.stderr);
  const heap = createHeapGuard();
  const temp = createTempSpace(tempDir);
  try {
    const ran = new Set(scanners.map((s) => s.id));
    const plan = await planReading(files, concurrency, os.availableParallelism(), options.partBytes);
    const reports = startReports({ ran, scanId, slots: plan.slots, temp });
    const result = await runScanners({
      plan,
      files,
      scanners,
      scanId,
      targetPlatform,
      concurrency,
      findingsInMemory: options.findingsInMemory,
      temp,
      sinks: reports.sinks,
      onProgress: (n) => {
        progress.add(n);
        heap.check();
      },
      onBytes: (n) => progress.addBytes(n),
      onFileDone: () => progress.fileDone(),
    });
    progress.end();

    const store = result.findingStore;
    const outputSet = await beginOutputSet(outDir).catch((error) => {
      store.dispose();
      throw error;
    });
    const ctx: ReportContext = {
      outDir: outputSet.dir,
      scanId,
      generatedAt,
      targetPlatform,
      errors: result.errors,
      files: result.files,
      of: (id, messageIds) => store.of(id, messageIds),
      counts: store.counts(),
      scanners: scanners.map((s) => s.id),
    };
    let outputs: string[];
    try {
      try {
        outputs = await reports.write(ctx, () => {
          heap.check();
          outputPoint('output.report', outputSet.dir);
        });
      } finally {
        store.dispose();
      }
      await outputSet.commit();
    } catch (error) {
      await outputSet.discard();
      throw error;
    }
    return {
      scanId,
      outDir,
      files: result.files,
      errors: result.errors,
      findingCounts: ctx.counts.slice(),
      outputs,
      records: result.files.reduce((sum, f) => sum + f.records, 0),
      threads: result.threads,
      parts: result.parts,
      exitCode: result.errors.length > 0 ? 2 : 0,
    };
  } finally {
    temp.dispose();
  }
}

async function requireDirectory(dir: string, what: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info === null) throw new UsageError(`${dir}: the ${what} does not exist`);
  if (!info.isDirectory()) throw new UsageError(`${dir}: the ${what} is not a folder`);
}

/** Every *.xml below the export folder, sorted by path (the order reports list them in). */
async function findExportFiles(exportDir: string, outDir: string): Promise<ExportFile[]> {
  const entries = await fg('**/*.xml', {
    cwd: exportDir,
    caseSensitiveMatch: false,
    onlyFiles: true,
    followSymbolicLinks: false,
    dot: false,
    stats: true, // sizes, for the progress bar
  });
  const inside = path.relative(exportDir, outDir);
  const skipOut = inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside) ? `${inside.split(path.sep).join('/')}/` : null;
  return entries
    .filter((entry) => skipOut === null || !entry.path.startsWith(skipOut))
    .sort((a, b) => compareOrdinal(a.path, b.path))
    .map((entry) => ({ path: path.join(exportDir, entry.path), name: entry.path, size: entry.stats?.size ?? 0 }));
}
