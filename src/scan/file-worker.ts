// A worker thread of a parallel scan (parallel.ts): reads the export files it is given and runs the
// built-in scanners that keep no state (no createState or finish) on their records. It sends back, in
// record order, what the main thread would have done at each step: findings of those scanners, records for
// the scanners that stay on the main thread (stateful ones and every plugin), and scanner errors.
import { parentPort, workerData } from 'node:worker_threads';
import { builtInScanners } from '../../scanners/index.js';
import { InputError } from '../errors.js';
import type { FarmRecord } from '../model.js';
import { readExportFile } from '../sources/read-export-file.js';
import { createHeapGuard } from './heap-guard.js';
import type { FromWorker, ToWorker, WorkerSetup, WorkItem } from './parallel-protocol.js';
import { toFinding } from './to-finding.js';
import type { ScanContext } from './types.js';

/** Items sent in one message: few enough to stay small, many enough to make messages rare. */
const BATCH_RECORDS = 2000;

const setup = workerData as WorkerSetup;
const port = parentPort!;
const heap = createHeapGuard();
const builtIn = new Map(builtInScanners.map((s) => [s.id, s]));
const plan = setup.scanners.map((entry) => ({ ...entry, scanner: entry.local ? builtIn.get(entry.id)! : null }));
const byKind = new Map<string, number[]>();
plan.forEach((entry, index) => {
  for (const kind of entry.reads) byKind.set(kind, [...(byKind.get(kind) ?? []), index]);
});

async function readFile({ index, file }: ToWorker): Promise<void> {
  let items: WorkItem[] = [];
  let records = 0;
  let bytes = 0;
  let current: FarmRecord | null = null;
  const byKindCount: Record<string, number> = {};
  const send = () => {
    port.postMessage({ type: 'items', index, items, records, bytes } satisfies FromWorker);
    items = [];
    records = 0;
    bytes = 0;
    heap.check();
  };
  const contexts: ScanContext[] = plan.map((entry) => ({
    scanId: setup.scanId,
    targetPlatform: setup.targetPlatform,
    report: (descriptor) => {
      if (entry.scanner !== null) items.push({ f: toFinding(entry.scanner, descriptor, current?.origin ?? null) });
    },
  }));
  const onRecord = (record: FarmRecord) => {
    current = record;
    byKindCount[record.kind] = (byKindCount[record.kind] ?? 0) + 1;
    for (const i of byKind.get(record.kind) ?? []) {
      const scanner = plan[i].scanner;
      if (scanner === null) {
        items.push({ r: record, s: i });
        continue;
      }
      try {
        scanner.scan(record, contexts[i], undefined);
      } catch (error) {
        const { file: f, line, column } = record.origin;
        items.push({ e: { file: f, line, column, message: `scanner ${scanner.id} failed on this record: ${error instanceof Error ? error.message : String(error)}` } });
      }
    }
    if (++records === BATCH_RECORDS) send();
  };
  try {
    const result = await readExportFile(file.path, file.name, onRecord, undefined, (n) => (bytes += n));
    send();
    port.postMessage({ type: 'done', index, coverage: { ...result, byKind: byKindCount } } satisfies FromWorker);
  } catch (error) {
    send();
    if (!(error instanceof InputError)) throw error;
    const failure = { file: error.file, line: error.line ?? null, column: error.column ?? null, message: error.message };
    port.postMessage({ type: 'failed', index, error: failure, byKind: byKindCount } satisfies FromWorker);
  }
}

port.on('message', (message: ToWorker) => {
  readFile(message).catch((error: unknown) => {
    port.postMessage({ type: 'crashed', message: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
  });
});
