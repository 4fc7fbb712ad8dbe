// What each reading of a scan gave besides findings, by slot: its errors and what it covered. A file's
// coverage is the sum of its readings that stand; a reading that does not (part-chain.ts) counts for nothing.
import type { ReadPlan } from './read-plan.js';
import type { ExportFile, FileCoverage, ReadingCoverage, ScanErrorRow } from './run-types.js';

export interface Reading {
  file: number;
  errors: ScanErrorRow[];
  coverage: ReadingCoverage;
  discarded: boolean;
}

export interface ReadingResults {
  /** The reading of `slot`; the slot after the last reading (finish()'s) has none. */
  at(slot: number): Reading;
  /** The errors of the readings that stand, in slot order. */
  errors(): ScanErrorRow[];
  /** Per file, in the files' order. */
  files(files: readonly ExportFile[]): FileCoverage[];
}

export function createReadingResults(plan: ReadPlan): ReadingResults {
  // One a slot, in slot order (a split file's parts are consecutive slots).
  const readings: Reading[] = plan.files.flatMap(({ starts }, file) =>
    starts.map(() => ({ file, errors: [], coverage: { encoding: null, objects: 0, records: 0, unrecognized: 0, byKind: {}, failed: false }, discarded: false })),
  );
  const kept = () => readings.filter((reading) => !reading.discarded);
  return {
    at: (slot) => readings[slot],
    errors: () => kept().flatMap((reading) => reading.errors),
    files(files) {
      const standing = kept();
      return files.map((file, index) => coverageOf(file.name, standing.filter((reading) => reading.file === index)));
    },
  };
}

/** A file's coverage from its readings that stand; as one reading gives it, a failed file counts only records by kind. */
function coverageOf(file: string, readings: readonly Reading[]): FileCoverage {
  const byKind: Record<string, number> = {};
  for (const { coverage } of readings) for (const [kind, n] of Object.entries(coverage.byKind)) byKind[kind] = (byKind[kind] ?? 0) + n;
  if (readings.some((reading) => reading.coverage.failed)) return { file, encoding: null, objects: 0, records: 0, unrecognized: 0, byKind, failed: true };
  const sum = (key: 'objects' | 'records' | 'unrecognized') => readings.reduce((n, reading) => n + reading.coverage[key], 0);
  return { file, encoding: readings[0].coverage.encoding, objects: sum('objects'), records: sum('records'), unrecognized: sum('unrecognized'), byKind, failed: false };
}
