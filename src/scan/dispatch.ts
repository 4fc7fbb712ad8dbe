// Stage 4, dispatch: each record read, on this thread or a worker, goes to the scanners that read its
// kind; each finding to the reports that stream its scanner (the sinks) and to the store. A reading that
// does not stand (part-chain.ts) is taken back out of both. After the reading, the scanners' finish().
import type { FarmRecord, Origin } from '../model.js';
import type { TargetPlatform } from '../plan/types.js';
import { messageOf, scannerFailure, scannersByKind } from './dispatch-shared.js';
import type { FindingStore } from './finding-store.js';
import type { ReadPlan } from './read-plan.js';
import { createReadingResults, type ReadingResults } from './reading-results.js';
import type { FindingSink, RecordTaker, ScanErrorRow } from './run-types.js';
import { TempFolderError } from './temp-space.js';
import { toFinding } from './to-finding.js';
import type { Finding, ScanContext, Scanner } from './types.js';

export interface DispatchSetup {
  scanners: readonly Scanner<any>[];
  scanId: string;
  targetPlatform: TargetPlatform;
  plan: ReadPlan;
  store: FindingStore;
  /** Takers of a scanner's findings as they are made, by scanner id. */
  sinks: ReadonlyMap<string, ReadonlyArray<FindingSink>>;
}

export interface Dispatch extends RecordTaker {
  /** Every scanner's finish(), reporting into the last slot; returns the errors of those that threw. */
  finish(): ScanErrorRow[];
  /** The scan failed: nothing more reaches the reports or the store. */
  stop(): void;
  readonly results: ReadingResults;
}

/** How one reading's records reach the scanners: a context a scanner, reporting into its slot. */
interface SlotScan {
  contexts: ScanContext[];
  current: FarmRecord | null;
}

export function createDispatch(setup: DispatchSetup): Dispatch {
  const { scanners, sinks, store } = setup;
  const states = scanners.map((scanner) => scanner.createState?.());
  const byKind = scannersByKind(scanners);
  const allSinks = [...new Set([...sinks.values()].flat())];
  const results = createReadingResults(setup.plan);
  const slotScans = new Map<number, SlotScan>();
  let stopped = false;

  /** A finding to the reports that stream its scanner, and to the store. */
  const deliver = (slot: number, finding: Finding, takers = sinks.get(finding.scannerId) ?? []) => {
    if (stopped) return;
    for (const sink of takers) sink.add(slot, finding);
    store.add(slot, finding);
  };
  const contextFor = (slot: number, scanner: Scanner<any>, origin: () => Origin | null): ScanContext => {
    const takers = sinks.get(scanner.id) ?? [];
    return { scanId: setup.scanId, targetPlatform: setup.targetPlatform, report: (descriptor) => deliver(slot, toFinding(scanner, descriptor, origin()), takers) };
  };
  const slotScan = (slot: number): SlotScan => {
    let scan = slotScans.get(slot);
    if (scan === undefined) {
      const made: SlotScan = { contexts: [], current: null };
      made.contexts = scanners.map((scanner) => contextFor(slot, scanner, () => made.current?.origin ?? null));
      slotScans.set(slot, (scan = made));
    }
    return scan;
  };
  /** A scanner that throws costs one record; a full temp folder costs the scan. */
  const runScanner = (slot: number, i: number, record: FarmRecord) => {
    const scan = slotScan(slot);
    scan.current = record;
    try {
      scanners[i].scan(record, scan.contexts[i], states[i]);
    } catch (error) {
      if (error instanceof TempFolderError) throw error;
      results.at(slot).errors.push(scannerFailure(scanners[i].id, record.origin, error));
    }
  };

  return {
    results,
    record(slot, record) {
      const counts = results.at(slot).coverage.byKind;
      counts[record.kind] = (counts[record.kind] ?? 0) + 1;
      for (const i of byKind.get(record.kind) ?? []) runScanner(slot, i, record);
    },
    item(slot, item) {
      if ('f' in item) deliver(slot, item.f);
      else if ('r' in item) runScanner(slot, item.s, item.r);
      else results.at(slot).errors.push(item.e);
    },
    covered(slot, coverage) {
      Object.assign(results.at(slot).coverage, coverage);
    },
    failed(slot, error) {
      const reading = results.at(slot);
      reading.coverage.failed = true;
      reading.errors.push(error);
    },
    discard(slot) {
      const reading = results.at(slot);
      reading.discarded = true;
      reading.errors = [];
      for (const sink of allSinks) sink.discard(slot);
      store.discard(slot);
    },
    finish: () => finishScanners(scanners, states, (scanner) => contextFor(setup.plan.slots - 1, scanner, () => null)),
    stop() {
      stopped = true;
    },
  };
}

/** Each scanner's finish(); one that throws costs its own findings from there, never the run (but a full temp folder does). */
function finishScanners(scanners: readonly Scanner<any>[], states: unknown[], contextOf: (scanner: Scanner<any>) => ScanContext): ScanErrorRow[] {
  const errors: ScanErrorRow[] = [];
  scanners.forEach((scanner, i) => {
    if (!scanner.finish) return;
    try {
      scanner.finish(contextOf(scanner), states[i]);
    } catch (error) {
      if (error instanceof TempFolderError) throw error;
      errors.push({ file: '', line: null, column: null, message: `scanner ${scanner.id} failed while finishing: ${messageOf(error)}` });
    }
  });
  return errors;
}
