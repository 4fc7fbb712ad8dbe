// Reads every export file (bounded concurrency), hands each record to the scanners that read its kind,
// and stores findings in a deterministic order: by file path, then by position in the file.
import os from 'node:os';
import pLimit from 'p-limit';
import { builtInScanners } from '../../scanners/index.js';
import { InputError } from '../errors.js';
import type { FarmRecord, Origin } from '../model.js';
import type { TargetPlatform } from '../plan/types.js';
import type { FilePart } from '../sources/clixml-reader.js';
import { readExportFile } from '../sources/read-export-file.js';
import { inputErrorRow, messageOf, scannerFailure, scannersByKind } from './dispatch.js';
import { createFindingStore, type FindingStore } from './finding-store.js';
import { createWorkerPool, jobsOf, type ReadPlan } from './parallel.js';
import { createPartChain } from './part-chain.js';
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
  /** Threads the files were read on (parallel.ts), the main thread included if it read a part of a split file; 0 when only the main thread read them. */
  threads: number;
  /** Parts of a split file read on a worker whose reading stood (part-chain.ts); the rest of the file was read by the reading before them. */
  parts: number;
}

export interface RunOptions {
  files: readonly ExportFile[];
  scanners: readonly Scanner<any>[];
  scanId: string;
  targetPlatform: TargetPlatform;
  concurrency: number;
  /** Threads and parts (parallel.ts planReading); `slots` of the sinks are the plan's. */
  plan: ReadPlan;
  /** Findings held in memory before they go to a temp file (tests set 1 to exercise that path). */
  findingsInMemory?: number;
  /** Where findings past that limit go; the caller disposes of it. */
  temp: TempSpace;
  /** Takers of a scanner's findings as they are made (streaming reports): that scanner's are not kept. */
  sinks?: ReadonlyMap<string, ReadonlyArray<FindingSink>>;
  /** Records read, as they are read; negative when a part of a split file that another reading reads again is taken back. */
  onProgress?: (records: number) => void;
  /** Bytes of export files read, as they are read; negative as for onProgress. */
  onBytes?: (bytes: number) => void;
  onFileDone?: () => void;
}

export interface FindingSink {
  add(slot: number, finding: Finding): void;
  discard(slot: number): void;
}

/**
 * A speculative part holds at most this many steps for main-thread scanners, read from at most this many
 * bytes (a record may hold long values), before it gives up (part-chain.ts).
 */
const MAX_HELD_ITEMS = 4096;
const MAX_HELD_BYTES = 16 * 1024 * 1024;

/** One reading's share of the scan: a whole file, or a part of a split one (its own slot). */
interface Unit {
  file: number;
  slot: number;
  errors: ScanErrorRow[];
  coverage: Omit<FileCoverage, 'file'>;
  /** A speculative part's steps from its first record for a main-thread scanner on: they wait for it to be accepted. */
  held: WorkItem[] | null;
  /** `reported.bytes` when it began to hold. */
  heldFrom: number;
  discarded: boolean;
  /** Records and bytes a worker reported read, for progress: taken back if the part is discarded (its bytes are read again). */
  reported: { records: number; bytes: number };
}

export async function runScanners(options: RunOptions): Promise<RunResult> {
  const { files, scanners, scanId, targetPlatform, plan } = options;
  const states = scanners.map((scanner) => scanner.createState?.());
  const byKind = scannersByKind(scanners);

  const sinks = options.sinks ?? new Map<string, FindingSink[]>();
  const allSinks = [...new Set([...sinks.values()].flat())];
  const store = createFindingStore(plan.slots, { memoryLimit: options.findingsInMemory, temp: options.temp, streamed: new Set(sinks.keys()) });
  const units: Unit[] = plan.files.flatMap(({ starts, firstSlot }, file) =>
    starts.map((_, k) => ({
      file,
      slot: firstSlot + k,
      errors: [],
      coverage: { encoding: null, objects: 0, records: 0, unrecognized: 0, byKind: {}, failed: false },
      held: null,
      heldFrom: 0,
      discarded: false,
      reported: { records: 0, bytes: 0 },
    })),
  );

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

  /** What the scan does with one reading's records, wherever they were read. */
  const unitScan = (unit: Unit) => {
    let current: FarmRecord | null = null;
    const contexts = scanners.map((scanner) => contextFor(unit.slot, scanner, () => current?.origin ?? null));
    const byKindCount = unit.coverage.byKind;
    const runScanner = (i: number, record: FarmRecord) => {
      current = record;
      try {
        scanners[i].scan(record, contexts[i], states[i]);
      } catch (error) {
        if (error instanceof TempFolderError) throw error;
        unit.errors.push(scannerFailure(scanners[i].id, record.origin, error));
      }
    };
    return {
      record(record: FarmRecord) {
        if (stopped) throw STOPPED;
        byKindCount[record.kind] = (byKindCount[record.kind] ?? 0) + 1;
        for (const i of byKind.get(record.kind) ?? []) runScanner(i, record);
      },
      /** A step a worker took or asked for (parallel.ts), in the reading's record order. */
      item(item: WorkItem) {
        if ('f' in item) deliver(unit.slot, item.f);
        else if ('r' in item) runScanner(item.s, item.r);
        else unit.errors.push(item.e);
      },
      failed(error: ScanErrorRow) {
        unit.coverage.failed = true;
        unit.errors.push(error);
      },
    };
  };

  /** Reads a file, or the first part of the split file (`part`), on this thread. */
  const scanFile = async (file: ExportFile, index: number, part?: FilePart, ended?: (ok: boolean) => void) => {
    if (stopped) return;
    const unit = units[plan.files[index].firstSlot]; // units are in slot order
    const scan = unitScan(unit);
    let sinceProgress = 0;
    const onRecord = (record: FarmRecord) => {
      scan.record(record);
      if (++sinceProgress === 1000) {
        options.onProgress?.(sinceProgress);
        sinceProgress = 0;
      }
    };
    let ok = true;
    try {
      const result = await readExportFile(file.path, file.name, onRecord, undefined, options.onBytes, part);
      Object.assign(unit.coverage, result);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      scan.failed(inputErrorRow(error));
      ok = false;
    }
    options.onProgress?.(sinceProgress);
    if (ended) ended(ok);
    else options.onFileDone?.();
  };

  const scanInWorkers = async () => {
    const local = (scanner: Scanner<any>) => builtInScanners.includes(scanner) && !scanner.createState && !scanner.finish;
    const setup = { scanId, targetPlatform, scanners: scanners.map((s) => ({ id: s.id, reads: s.reads, local: local(s) })) };
    const bySlot = new Map(units.map((unit) => [unit.slot, { unit, scan: unitScan(unit) }]));
    const stop = new AbortController();
    const { control, run } = createWorkerPool(plan.threads, setup);

    // The split file, if any (planReading splits one at most): its parts are units of consecutive slots.
    const splitFile = plan.files.findIndex((f) => f.starts.length > 1);
    const { starts, firstSlot } = plan.files[Math.max(splitFile, 0)];
    // Its first part is read on this thread, which waits at a split point for a verdict here.
    let mainVerdict: ((readOn: boolean) => void) | null = null;
    const chain =
      splitFile === -1
        ? null
        : createPartChain(starts.slice(1), {
            verdict: (k, readOn) => (k === 0 ? mainVerdict!(readOn) : control.verdict(firstSlot + k, readOn)),
            accept(k) {
              const { unit, scan } = bySlot.get(firstSlot + k)!;
              const held = unit.held ?? [];
              unit.held = null;
              for (const item of held) scan.item(item);
            },
            discard(k) {
              const { unit } = bySlot.get(firstSlot + k)!;
              unit.discarded = true;
              unit.held = null;
              unit.errors = [];
              options.onBytes?.(-unit.reported.bytes);
              options.onProgress?.(-unit.reported.records);
              for (const sink of allSinks) sink.discard(unit.slot);
              store.discard(unit.slot);
              control.abort(unit.slot);
            },
            finished: () => options.onFileDone?.(),
          });
    /** The part of the split file a unit reads, or null for a whole file. */
    const partOf = (unit: Unit) => (chain !== null && unit.file === splitFile ? unit.slot - firstSlot : null);
    const ended = (unit: Unit, ok: boolean) => {
      const part = partOf(unit);
      if (part === null) options.onFileDone?.();
      else chain!.ended(part, ok);
    };

    const inWorkers = run(
      jobsOf(plan, files),
      {
        items({ slot, items, records, bytes }) {
          const { unit, scan } = bySlot.get(slot)!;
          if (unit.discarded) return;
          unit.reported.records += records;
          unit.reported.bytes += bytes;
          options.onBytes?.(bytes);
          options.onProgress?.(records);
          const part = partOf(unit);
          const speculative = part !== null && !chain!.accepted(part);
          for (const item of items) {
            if (unit.held === null && !(speculative && 'r' in item)) scan.item(item);
            else if (unit.held !== null) unit.held.push(item);
            else [unit.held, unit.heldFrom] = [[item], unit.reported.bytes - bytes];
          }
          // A part whose records main-thread scanners need cannot run ahead for long: the reading before it reads them instead.
          if (unit.held !== null && (unit.held.length > MAX_HELD_ITEMS || unit.reported.bytes - unit.heldFrom > MAX_HELD_BYTES)) chain!.ended(part!, false);
        },
        began({ slot, facts }) {
          chain!.began(partOf(bySlot.get(slot)!.unit)!, facts);
        },
        stop({ slot, state }) {
          chain!.stopped(partOf(bySlot.get(slot)!.unit)!, state);
        },
        done({ slot, coverage }) {
          const { unit } = bySlot.get(slot)!;
          if (unit.discarded) return;
          Object.assign(unit.coverage, coverage, { byKind: coverage.byKind });
          ended(unit, true);
        },
        failed({ slot, error, byKind: counts }) {
          const { unit, scan } = bySlot.get(slot)!;
          if (unit.discarded) return;
          unit.coverage.byKind = counts;
          scan.failed(error);
          ended(unit, false);
        },
        aborted() {},
      },
      stop.signal,
    );

    // This thread reads the small files, one after the other, then the split file's first part. (If the
    // workers fail while that part waits at a split point, its promise never settles: it holds nothing.)
    const onMain = (async () => {
      for (const [index, file] of files.entries()) if (plan.files[index].onMain && index !== splitFile) await scanFile(file, index);
      if (chain === null) return;
      const part: FilePart = {
        start: 0,
        stops: starts.slice(1),
        onStop: (state) =>
          new Promise((resolve) => {
            mainVerdict = resolve;
            chain.stopped(0, state);
          }),
      };
      await scanFile(files[splitFile], splitFile, part, (ok) => chain.ended(0, ok));
    })();
    // Either side failing stops the other: the main thread's reading at its next record, the workers at once.
    await Promise.all([
      inWorkers.catch((error: unknown) => {
        stopped = true;
        throw error;
      }),
      onMain.catch((error: unknown) => {
        stopped = true;
        stop.abort(error);
        throw error;
      }),
    ]);
    return chain === null ? 0 : starts.slice(1).filter((_, k) => chain.accepted(k + 1)).length;
  };

  let partsStood = 0;
  try {
    if (plan.threads > 0) partsStood = await scanInWorkers();
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
      scanner.finish(contextFor(plan.slots - 1, scanner, () => null), states[i]);
    } catch (error) {
      if (error instanceof TempFolderError) {
        store.dispose();
        throw error;
      }
      finishErrors.push({ file: '', line: null, column: null, message: `scanner ${scanner.id} failed while finishing: ${messageOf(error)}` });
    }
  });

  const kept = units.filter((unit) => !unit.discarded);
  return {
    findingStore: store,
    errors: [...kept.flatMap((unit) => unit.errors), ...finishErrors],
    files: files.map((file, index) => coverageOf(file.name, kept.filter((unit) => unit.file === index))),
    // The main thread reads too when it reads the first part of a split file.
    threads: plan.threads + (plan.files.some((f) => f.onMain && f.starts.length > 1) ? 1 : 0),
    parts: partsStood,
  };
}

/** A file's coverage: the sum of its readings that stand; as one reading gives it, a failed file counts only records by kind. */
function coverageOf(file: string, units: readonly Unit[]): FileCoverage {
  const byKind: Record<string, number> = {};
  for (const { coverage } of units) for (const [kind, n] of Object.entries(coverage.byKind)) byKind[kind] = (byKind[kind] ?? 0) + n;
  if (units.some((unit) => unit.coverage.failed)) return { file, encoding: null, objects: 0, records: 0, unrecognized: 0, byKind, failed: true };
  const sum = (key: 'objects' | 'records' | 'unrecognized') => units.reduce((n, unit) => n + unit.coverage[key], 0);
  return { file, encoding: units[0].coverage.encoding, objects: sum('objects'), records: sum('records'), unrecognized: sum('unrecognized'), byKind, failed: false };
}
