// A worker thread of a parallel scan (parallel.ts): reads the export files it is given and runs the
// built-in scanners that keep no state (no createState or finish) on their records. It sends back, in
// record order, what the main thread would have done at each step: findings of those scanners, records for
// the scanners that stay on the main thread (stateful ones and every plugin), and scanner errors.
import { parentPort, workerData } from 'node:worker_threads';
import { builtInScanners } from '../../scanners/index.js';
import { InputError } from '../errors.js';
import type { FarmRecord } from '../model.js';
import { readExportFile } from '../sources/read-export-file.js';
import { inputErrorRow, messageOf, scannerFailure, scannersByKind } from './dispatch.js';
import { createHeapGuard } from './heap-guard.js';
import { MAX_UNHANDLED_BATCHES, type FromWorker, type ToWorker, type WorkerData, type WorkItem } from './parallel-protocol.js';
import { toFinding } from './to-finding.js';
import type { ScanContext } from './types.js';

/** Items sent in one message: few enough to stay small, many enough to make messages rare. */
const BATCH_RECORDS = 2000;

const setup = workerData as WorkerData;
const port = parentPort!;
const heap = createHeapGuard();
const builtIn = new Map(builtInScanners.map((s) => [s.id, s]));
const plan = setup.scanners.map((entry) => ({ ...entry, scanner: entry.local ? builtIn.get(entry.id)! : null }));
const byKind = scannersByKind(plan);

async function readFile({ index, file }: ToWorker): Promise<void> {
  let items: WorkItem[] = [];
  let records = 0;
  let bytes = 0;
  let current: FarmRecord | null = null;
  const byKindCount: Record<string, number> = {};
  const send = () => {
    Atomics.add(setup.unhandled, 0, 1); // before the main thread can count it handled
    port.postMessage({ type: 'items', index, items, records, bytes } satisfies FromWorker);
    items = [];
    records = 0;
    bytes = 0;
    heap.check();
    // Ahead of the main thread by too many batches: wait (this thread has nothing else to do).
    for (let n = Atomics.load(setup.unhandled, 0); n >= MAX_UNHANDLED_BATCHES; n = Atomics.load(setup.unhandled, 0)) Atomics.wait(setup.unhandled, 0, n, 1000);
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
        items.push({ e: scannerFailure(scanner.id, record.origin, error) });
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
    port.postMessage({ type: 'failed', index, error: inputErrorRow(error), byKind: byKindCount } satisfies FromWorker);
  }
}

port.on('message', (message: ToWorker) => {
  readFile(message).catch((error: unknown) => {
    port.postMessage({ type: 'crashed', message: messageOf(error) } satisfies FromWorker);
  });
});
