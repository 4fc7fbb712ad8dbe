// `farmscan scan` as a library call, stage by stage: check the options, find the export files
// (find-files.ts), plan the reading (read-plan.ts), read the records and dispatch them to the scanners
// (runner.ts), write every report and the remediation plan (write-outputs.ts). The CLI is a thin shell over this.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { findExportFiles } from './find-files.js';
import type { FindingCount } from './finding-counts.js';
import { createHeapGuard } from './heap-guard.js';
import { selectScanners } from './load-scanners.js';
import { lockOutput } from './output-lock.js';
import { checkOutDir, siblingNames } from './output-names.js';
import { recoverOutput } from './output-recover.js';
import { createProgress } from './progress.js';
import { planReading } from './read-plan.js';
import { startReports } from './reports-run.js';
import type { ExportFile, FileCoverage, ScanErrorRow } from './run-types.js';
import { runScanners } from './runner.js';
import { settleOptions, type ScanOptions, type SettledOptions } from './scan-options.js';
import { createTempSpace } from './temp-space.js';
import type { Scanner } from './types.js';
import { writeOutputs } from './write-outputs.js';

export type { ScanOptions };

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
  const settled = await settleOptions(options);
  const { cwd, exportDir, outDir } = settled;
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
    return await scanInto(settled, files, scanners);
  } finally {
    lock.release();
  }
}

/** The scan proper, once its options are checked and the output folder is locked. */
async function scanInto(options: SettledOptions, files: ExportFile[], scanners: Scanner<any>[]): Promise<ScanResult> {
  const { scanId, generatedAt, targetPlatform, concurrency, outDir } = options;
  const totalBytes = files.reduce((sum, f) => sum + (f.size ?? 0), 0);
  const progress = createProgress(options.stderr ?? { write() {} }, { files: files.length, bytes: totalBytes }, options.quiet ?? !options.stderr);
  const heap = createHeapGuard();
  const temp = createTempSpace(options.tempDir);
  try {
    const plan = await planReading(files, concurrency, os.availableParallelism(), options.partBytes);
    const reports = startReports({ ran: new Set(scanners.map((s) => s.id)), scanId, slots: plan.slots, temp });
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
    const { outputs, counts } = await writeOutputs({ outDir, scanId, generatedAt, targetPlatform, scanners, afterEach: () => heap.check() }, result, reports);
    return {
      scanId,
      outDir,
      files: result.files,
      errors: result.errors,
      findingCounts: counts.slice(),
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
