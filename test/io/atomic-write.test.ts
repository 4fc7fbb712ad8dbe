import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '../helpers/clixml.js';

const ATOMIC_WRITE = pathToFileURL(fileURLToPath(new URL('../../dist/src/io/atomic-write.js', import.meta.url))).href;

describe('atomic write', () => {
  test('a process that exits in the middle of a write leaves neither the file nor its temp file', async () => {
    const dir = await tempDir('farmscan-atomic-');
    // The built module (npm test builds first), in a process of its own that exits while the writer waits for more.
    const script = `
      const { writeFileAtomic } = await import(${JSON.stringify(ATOMIC_WRITE)});
      async function* slow() { yield 'first part\\n'; await new Promise((r) => setTimeout(r, 60_000)); yield 'never'; }
      writeFileAtomic(${JSON.stringify(path.join(dir, 'report.csv'))}, slow());
      setTimeout(() => process.exit(130), 200);
    `;
    const exit = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]).catch((error: { code: number }) => error.code);
    expect(exit).toBe(130);
    expect(await readdir(dir)).toEqual([]);
  });
});
