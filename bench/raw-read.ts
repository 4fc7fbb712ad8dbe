// The raw read: every file start to end into one reused buffer with the fs reads the scan uses
// (src/sources/file-pieces.ts: `open` + `handle.read`, its block size), touching nothing else. No reader
// of these files can take less, so it is printed beside the scan as the floor.
//   node dist/bench/raw-read.js FILE... → {"seconds":…,"bytes":…,"maxRssMB":…}
import { open } from 'node:fs/promises';
import { BLOCK_BYTES } from '../src/sources/file-pieces.js';
import { isMain } from './is-main.js';
import { measure } from './measure.js';

/** Reads the files one after another; returns the bytes read. */
export async function readRaw(files: readonly string[], blockBytes = BLOCK_BYTES): Promise<{ bytes: number }> {
  const buffer = Buffer.allocUnsafe(blockBytes);
  let bytes = 0;
  for (const file of files) {
    const handle = await open(file, 'r');
    try {
      // Positioned reads, as file-pieces.ts makes them.
      for (let position = 0; ; ) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        bytes += bytesRead;
      }
    } finally {
      await handle.close();
    }
  }
  return { bytes };
}

if (isMain(import.meta.url)) {
  measure(() => readRaw(process.argv.slice(2))).then(
    (result) => process.stdout.write(JSON.stringify(result) + '\n'),
    (error: Error) => {
      process.stderr.write(`raw-read: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
