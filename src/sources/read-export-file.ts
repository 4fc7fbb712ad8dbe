// One export file → typed records, streamed. Objects of shapes farmscan does not know are counted, not errors:
// a consultant's folder may hold other CLIXML files.
import type { FarmRecord } from '../model.js';
import { DEFAULT_LIMITS, readClixmlFile, type FilePart, type ReaderLimits } from './clixml-reader.js';
import type { TextEncodingName } from './encoding.js';
import { toRecord } from './records.js';

export interface FileReadResult {
  encoding: TextEncodingName;
  objects: number;
  records: number;
  unrecognized: number;
}

export async function readExportFile(
  file: string,
  displayName: string,
  onRecord: (record: FarmRecord) => void,
  limits: ReaderLimits = DEFAULT_LIMITS,
  onBytes?: (bytes: number) => void,
  part?: FilePart,
): Promise<FileReadResult> {
  let records = 0;
  let unrecognized = 0;
  const stats = await readClixmlFile(
    file,
    displayName,
    ({ value, line, column }) => {
      const record = toRecord(value, { file: displayName, line, column });
      if (record === null) {
        unrecognized++;
        return;
      }
      records++;
      onRecord(record);
    },
    limits,
    onBytes,
    part,
  );
  return { encoding: stats.encoding, objects: stats.objects, records, unrecognized };
}
