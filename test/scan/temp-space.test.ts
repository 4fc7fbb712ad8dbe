import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scan } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/clixml.js';

const SAMPLE = path.resolve('samples/contoso');

describe('the scan temp folder', () => {
  test('--temp-dir holds it while the scan runs; a folder left by a killed scan goes, one of a running scan stays', async () => {
    const dir = await tempDir('farmscan-tempdir-');
    const temp = path.join(dir, 'temp');
    // A process id no system hands out (above Linux's 2^22 and Windows' usual range): that scan is gone.
    const dead = path.join(temp, 'farmscan-findings-2147483646-abc123');
    const running = path.join(temp, `farmscan-findings-${process.ppid}-def456`);
    const other = path.join(temp, 'someone-elses-folder');
    for (const folder of [dead, running, other]) {
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, '0-rows.csv'), 'https://intranet.contoso.com/sites/x\r\n');
    }
    // findingsInMemory 1: the scan must use its temp folder, which is when leftovers are cleared.
    const result = await scan({ exportDir: SAMPLE, outDir: path.join(dir, 'out'), tempDir: temp, findingsInMemory: 1, scanId: 't' });
    expect(result.exitCode).toBe(0);
    expect((await readdir(temp)).sort()).toEqual([path.basename(running), 'someone-elses-folder'].sort());
  });

  test('a --temp-dir that does not exist is one clear error', async () => {
    const dir = await tempDir('farmscan-tempdir-');
    const run = await runCli(['scan', SAMPLE, '--out', path.join(dir, 'out'), '--temp-dir', path.join(dir, 'missing')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^farmscan: .*missing: the temp folder does not exist\n$/);
    expect(await readdir(dir)).toEqual([]);
  });
});
