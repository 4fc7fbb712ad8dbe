// Reads every export file (bounded concurrency), hands each record to the scanners that read its kind,
// and stores findings in a deterministic order: by file path, then by position in the file.
import os from 'node:os';
import pLimit from 'p-limit';
import { builtInScanners } from '../../scanners/index.js';
import { InputError } from '../errors.js';
import type { FarmRecord, Origin } from '../model.js';
import type { TargetPlatform } from '../plan/types.js';
import { readExportFile } from '../sources/read-export-file.js';
import { inputErrorRow, messageOf, scannerFailure, scannersByKind } from './dispatch.js';
import { createFindingStore, type FindingStore } from './finding-store.js';
import { readInWorkers, workerThreadsFor } from './parallel.js';
import type { WorkItem } from './parallel-protocol.js';
import { TempFolderError, type TempSpace } from './temp-space.js';
import { toFinding } from './to-finding.js';
import type { Finding, ScanContext, Scanner } from './types.js';

export interface ExportFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the export folder, with forward slashes: what reports and errors show. */
  name: string;
  /** Bytes, for progress; 0 when unknown. */
  size?: number;
}

export interface ScanErrorRow {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
}

export interface FileCoverage {
  file: string;
  encoding: string | null;
  objects: number;
  records: number;
  unrecognized: number;
  /** Records read, by kind: the summary's denominators (e.g. sites that are not locked). */
  byKind: Record<string, number>;
  failed: boolean;
}

export interface RunResult {
  /** The caller disposes of it once the reports are written. */
  findingStore: FindingStore;
  errors: ScanErrorRow[];
  files: FileCoverage[];
  /** Worker threads the files were read on (parallel.ts); 0 when they were read on the main thread. */
  threads: number;
}

export interface RunOptions {
  files: readonly ExportFile[];
  scanners: readonly Scanner<any>[];
  scanId: string;
  targetPlatform: TargetPlatform;
  concurrency: number;
  /** Findings held in memory before they go to a temp file (tests set 1 to exercise that path). */
  findingsInMemory?: number;
  /** Where findings past that limit go; the caller disposes of it. */
  temp: TempSpace;
  /** Takers of a scanner's findings as they are made (streaming reports): that scanner's are not kept. */
  sinks?: ReadonlyMap<string, ReadonlyArray<FindingSink>>;
  onProgress?: (records: number) => void;
  /** Bytes of export files read so far, as they are read. */
  onBytes?: (bytes: number) => void;
  onFileDone?: () => void;
}

export interface FindingSink {
  add(slot: number, finding: Finding): void;
}

export async function runScanners(options: RunOptions): Promise<RunResult> {
  const { files, scanners, scanId, targetPlatform } = options;
  const states = scanners.map((scanner) => scanner.createState?.());
  const byKind = scannersByKind(scanners);

  const sinks = options.sinks ?? new Map<string, FindingSink[]>();
  const store = createFindingStore(files.length + 1, { memoryLimit: options.findingsInMemory, temp: options.temp, streamed: new Set(sinks.keys()) });
  const perFileErrors: ScanErrorRow[][] = files.map(() => []);
  const coverage: FileCoverage[] = files.map((f) => ({ file: f.name, encoding: null, objects: 0, records: 0, unrecognized: 0, byKind: {}, failed: false }));

  // Set when the scan fails: a file being read on this thread stops at its next record, none is started,
  // and nothing more reaches the reports or the store (parallel.ts stops handling workers' messages).
  let stopped = false;
  const STOPPED = new Error('the scan stopped');

  /** A finding to the reports that stream its scanner, and to the store. */
  const deliver = (slot: number, finding: Finding, takers = sinks.get(finding.scannerId) ?? []) => {
    if (stopped) return;
    for (const sink of takers) sink.add(slot, finding);
    store.add(slot, finding);
  };

  const contextFor = (slot: number, scanner: Scanner<any>, origin: () => Origin | null): ScanContext => {
    const takers = sinks.get(scanner.id) ?? [];
    return {
      scanId,
      targetPlatform,
      report: (descriptor) => deliver(slot, toFinding(scanner, descriptor, origin()), takers),
    };
  };

  /** What the scan does with one file's records, wherever they were read. */
  const fileScan = (index: number) => {
    const errors = perFileErrors[index];
    let current: FarmRecord | null = null;
    const contexts = scanners.map((scanner) => contextFor(index, scanner, () => current?.origin ?? null));
    const byKindCount = coverage[index].byKind;
    const runScanner = (i: number, record: FarmRecord) => {
      current = record;
      try {
        scanners[i].scan(record, contexts[i], states[i]);
      } catch (error) {
        if (error instanceof TempFolderError) throw error;
        errors.push(scannerFailure(scanners[i].id, record.origin, error));
      }
    };
    return {
      record(record: FarmRecord) {
        if (stopped) throw STOPPED;
        byKindCount[record.kind] = (byKindCount[record.kind] ?? 0) + 1;
        for (const i of byKind.get(record.kind) ?? []) runScanner(i, record);
      },
      /** A step a worker took or asked for (parallel.ts), in the file's record order. */
      item(item: WorkItem) {
        if ('f' in item) deliver(index, item.f);
        else if ('r' in item) runScanner(item.s, item.r);
        else errors.push(item.e);
      },
      failed(error: ScanErrorRow) {
        coverage[index].failed = true;
        errors.push(error);
      },
    };
  };

  const scanFile = async (file: ExportFile, index: number) => {
    if (stopped) return;
    const scan = fileScan(index);
    let sinceProgress = 0;
    const onRecord = (record: FarmRecord) => {
      scan.record(record);
      if (++sinceProgress === 1000) {
        options.onProgress?.(sinceProgress);
        sinceProgress = 0;
      }
    };
    try {
      const result = await readExportFile(file.path, file.name, onRecord, undefined, options.onBytes);
      Object.assign(coverage[index], result);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      scan.failed(inputErrorRow(error));
    }
    options.onProgress?.(sinceProgress);
    options.onFileDone?.();
  };

  const scanInWorkers = async (threads: number) => {
    const scans = files.map((_, index) => fileScan(index));
    const local = (scanner: Scanner<any>) => builtInScanners.includes(scanner) && !scanner.createState && !scanner.finish;
    const setup = { scanId, targetPlatform, scanners: scanners.map((s) => ({ id: s.id, reads: s.reads, local: local(s) })) };
    await readInWorkers(files, threads, setup, {
      items(index, items, records, bytes) {
        for (const item of items) scans[index].item(item);
        options.onBytes?.(bytes);
        options.onProgress?.(records);
      },
      done(index, { byKind: counts, ...result }) {
        Object.assign(coverage[index], result, { byKind: counts });
        options.onFileDone?.();
      },
      failed(index, error, counts) {
        coverage[index].byKind = counts;
        scans[index].failed(error);
        options.onFileDone?.();
      },
    });
  };

  const threads = workerThreadsFor(files, options.concurrency, os.availableParallelism());
  try {
    if (threads > 0) await scanInWorkers(threads);
    else {
      const limit = pLimit(Math.max(1, options.concurrency));
      await Promise.all(files.map((file, index) => limit(() => scanFile(file, index)))).catch((error: unknown) => {
        stopped = true;
        limit.clearQueue();
        throw error;
      });
    }
  } catch (error) {
    stopped = true;
    store.dispose();
    throw error;
  }

  const finishErrors: ScanErrorRow[] = [];
  scanners.forEach((scanner, i) => {
    if (!scanner.finish) return;
    try {
      scanner.finish(contextFor(files.length, scanner, () => null), states[i]);
    } catch (error) {
      if (error instanceof TempFolderError) {
        store.dispose();
        throw error;
      }
      finishErrors.push({ file: '', line: null, column: null, message: `scanner ${scanner.id} failed while finishing: ${messageOf(error)}` });
    }
  });

  return {
    findingStore: store,
    errors: [...perFileErrors.flat(), ...finishErrors],
    files: coverage,
    threads,
  };
}
