// The scan's reading, as a sequence of stages: store the findings, dispatch records to the scanners
// (dispatch.ts), read every file as planned (read-records.ts), then the scanners' finish(). Findings end
// up in a deterministic order: by file path, then by position in the file.
import type { TargetPlatform } from '../plan/types.js';
import { createDispatch } from './dispatch.js';
import { createFindingStore, type FindingStore } from './finding-store.js';
import type { ReadPlan } from './read-plan.js';
import { readAll } from './read-records.js';
import type { ExportFile, FileCoverage, FindingSink, ReadEvents, ScanErrorRow } from './run-types.js';
import type { TempSpace } from './temp-space.js';
import type { Scanner } from './types.js';


export interface RunResult {
  /** The caller disposes of it once the reports are written. */
  findingStore: FindingStore;
  errors: ScanErrorRow[];
  files: FileCoverage[];
  /** Threads the files were read on (read-records.ts), the main thread included if it read a part of a split file; 0 when only the main thread read them. */
  threads: number;
  /** Parts of a split file read on a worker whose reading stood (part-chain.ts); the rest of the file was read by the reading before them. */
  parts: number;
}

export interface RunOptions extends ReadEvents {
  files: readonly ExportFile[];
  scanners: readonly Scanner<any>[];
  scanId: string;
  targetPlatform: TargetPlatform;
  concurrency: number;
  /** Threads and parts (read-plan.ts planReading); `slots` of the sinks are the plan's. */
  plan: ReadPlan;
  /** Findings held in memory before they go to a temp file (tests set 1 to exercise that path). */
  findingsInMemory?: number;
  /** Where findings past that limit go; the caller disposes of it. */
  temp: TempSpace;
  /** Takers of a scanner's findings as they are made (streaming reports): that scanner's are not kept. */
  sinks?: ReadonlyMap<string, ReadonlyArray<FindingSink>>;
}

export async function runScanners(options: RunOptions): Promise<RunResult> {
  const { files, scanners, scanId, targetPlatform, plan } = options;
  const sinks = options.sinks ?? new Map<string, FindingSink[]>();
  const store = createFindingStore(plan.slots, { memoryLimit: options.findingsInMemory, temp: options.temp, streamed: new Set(sinks.keys()) });
  const dispatch = createDispatch({ scanners, scanId, targetPlatform, plan, store, sinks });
  try {
    const read = await readAll(plan, files, dispatch, { concurrency: options.concurrency, events: options, scan: { scanId, targetPlatform, scanners } });
    const finishErrors = dispatch.finish();
    return { findingStore: store, errors: [...dispatch.results.errors(), ...finishErrors], files: dispatch.results.files(files), ...read };
  } catch (error) {
    dispatch.stop();
    store.dispose();
    throw error;
  }
}
