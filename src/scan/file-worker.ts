// A worker thread of a parallel scan (parallel.ts, read-in-workers.ts): reads the files, or parts of files, it is given and runs
// the built-in scanners that keep no state (no createState or finish) on their records. It sends back, in
// record order, what the main thread would have done at each step: findings of those scanners, records for
// the scanners that stay on the main thread (stateful ones and every plugin), and scanner errors.
import { parentPort, workerData } from 'node:worker_threads';
import { builtInScanners } from '../../scanners/index.js';
import { InputError } from '../errors.js';
import type { FarmRecord } from '../model.js';
import type { FilePart } from '../sources/clixml-reader.js';
import { prefixFacts } from '../sources/prefix-facts.js';
import { readExportFile } from '../sources/read-export-file.js';
import { inputErrorRow, messageOf, scannerFailure, scannersByKind } from './dispatch-shared.js';
import { createHeapGuard } from './heap-guard.js';
import { MAX_UNHANDLED_BATCHES, type FromWorker, type Job, type ToWorker, type WorkerData } from './parallel-protocol.js';
import type { WorkItem } from './run-types.js';
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

/** Readings the main thread no longer wants; a reading waiting at a split point, and how to answer it. */
const aborted = new Set<number>();
const waiting = new Map<number, (readOn: boolean) => void>();
class Aborted extends Error {}

const post = (message: FromWorker) => port.postMessage(message);

async function read({ slot, file, part }: Job): Promise<void> {
  let items: WorkItem[] = [];
  let records = 0;
  let bytes = 0;
  let current: FarmRecord | null = null;
  const byKindCount: Record<string, number> = {};
  const send = () => {
    Atomics.add(setup.unhandled, 0, 1); // before the main thread can count it handled
    post({ type: 'items', slot, items, records, bytes });
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
    if (aborted.has(slot)) throw new Aborted();
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
    let filePart: FilePart | undefined;
    if (part !== null) {
      const facts = part.start === 0 ? null : prefixFacts(file.path, part.encoding, part.start);
      if (part.start > 0) post({ type: 'began', slot, facts });
      if (part.start > 0 && facts === null) return post({ type: 'aborted', slot });
      filePart = {
        start: part.start,
        resume: facts === null ? undefined : { encoding: part.encoding, facts },
        stops: part.stops,
        onStop: (state) => {
          send();
          if (aborted.has(slot)) return Promise.resolve(false);
          post({ type: 'stop', slot, state });
          return new Promise((resolve) => waiting.set(slot, resolve));
        },
      };
    }
    const result = await readExportFile(file.path, file.name, onRecord, undefined, (n) => (bytes += n), filePart);
    if (aborted.has(slot)) throw new Aborted();
    send();
    post({ type: 'done', slot, coverage: { ...result, byKind: byKindCount } });
  } catch (error) {
    if (error instanceof Aborted) return post({ type: 'aborted', slot });
    send();
    if (!(error instanceof InputError)) throw error;
    post({ type: 'failed', slot, error: inputErrorRow(error), byKind: byKindCount });
  } finally {
    aborted.delete(slot);
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'read') {
    read(message).catch((error: unknown) => post({ type: 'crashed', message: messageOf(error) }));
    return;
  }
  if (message.type === 'abort') aborted.add(message.slot);
  const answer = waiting.get(message.slot);
  if (answer === undefined) return;
  waiting.delete(message.slot);
  answer(message.type === 'verdict' && message.readOn);
});
