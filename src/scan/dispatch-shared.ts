// What the main thread (dispatch.ts) and the workers of a parallel scan (file-worker.ts) do alike: find the scanners that
// read a record's kind, and turn a scanner's throw or a bad file into a ScanErrors row.
import type { InputError } from '../errors.js';
import type { Origin } from '../model.js';
import type { ScanErrorRow } from './run-types.js';

/** Record kind → indexes of the scanners that read it, in the run's order. */
export function scannersByKind(scanners: ReadonlyArray<{ reads: readonly string[] }>): Map<string, number[]> {
  const byKind = new Map<string, number[]>();
  scanners.forEach((scanner, index) => {
    for (const kind of scanner.reads) byKind.set(kind, [...(byKind.get(kind) ?? []), index]);
  });
  return byKind;
}

/** A scanner that throws costs one record, never the run. */
export function scannerFailure(scannerId: string, origin: Origin, error: unknown): ScanErrorRow {
  return { file: origin.file, line: origin.line, column: origin.column, message: `scanner ${scannerId} failed on this record: ${messageOf(error)}` };
}

export function inputErrorRow(error: InputError): ScanErrorRow {
  return { file: error.file, line: error.line ?? null, column: error.column ?? null, message: error.message };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
