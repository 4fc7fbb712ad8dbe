// Stage 3a, reading on this thread: a file, or the first part of the split one, whose records go to the
// scanners (dispatch.ts) as they are read.
import { InputError } from '../errors.js';
import type { FarmRecord } from '../model.js';
import type { FilePart } from '../sources/clixml-reader.js';
import { readExportFile } from '../sources/read-export-file.js';
import { inputErrorRow } from './dispatch-shared.js';
import type { ExportFile, ReadEvents, RecordTaker } from './run-types.js';

/** Records between progress reports: often enough for the bar, rarely enough to cost nothing. */
const PROGRESS_RECORDS = 1000;

/** What every reading of a scan on this thread shares. */
export interface HereContext {
  taker: RecordTaker;
  events: ReadEvents;
  /** Set when the scan fails: a reading on this thread stops at its next record, and none is started. */
  stop: { stopped: boolean };
}

const STOPPED = new Error('the scan stopped');

/** Reads `file` (or its `part`) into `slot`; `ended` is told whether it read to the end without an InputError. */
export async function readHere(here: HereContext, file: ExportFile, slot: number, part?: FilePart, ended?: (ok: boolean) => void): Promise<void> {
  if (here.stop.stopped) return;
  const { taker, events } = here;
  let sinceProgress = 0;
  const onRecord = (record: FarmRecord) => {
    if (here.stop.stopped) throw STOPPED;
    taker.record(slot, record);
    if (++sinceProgress === PROGRESS_RECORDS) {
      events.onProgress?.(sinceProgress);
      sinceProgress = 0;
    }
  };
  let ok = true;
  try {
    taker.covered(slot, await readExportFile(file.path, file.name, onRecord, undefined, events.onBytes, part));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    taker.failed(slot, inputErrorRow(error));
    ok = false;
  }
  events.onProgress?.(sinceProgress);
  if (ended) ended(ok);
  else events.onFileDone?.();
}
