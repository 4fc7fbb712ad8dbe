import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scan } from '../../src/index.js';
import { HOST_PREFIX } from '../../src/scan/temp-space.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/clixml.js';

const SAMPLE = path.resolve('samples/contoso');
// Process ids no system hands out (above Linux's 2^22 and Windows' usual range): those scans are gone.
const GONE = 2147483646;

describe('the scan temp folder', () => {
  test('a scan removes what killed scans of this host left an hour ago, and nothing else', async () => {
    const dir = await tempDir('farmscan-tempdir-');
    const temp = path.join(dir, 'temp');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const folders = {
      killed: { name: `${HOST_PREFIX}${GONE}-abc123`, old: true },
      killedJustNow: { name: `${HOST_PREFIX}${GONE - 1}-young1`, old: false }, // maybe another container's live scan
      running: { name: `${HOST_PREFIX}${process.ppid}-def456`, old: true },
      otherHost: { name: `farmscan-findings-elsewhere-${GONE}-ghi789`, old: true },
      notOurs: { name: 'someone-elses-folder', old: true },
    };
    for (const { name, old } of Object.values(folders)) {
      const folder = path.join(temp, name);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, '0-rows.csv'), 'https://intranet.contoso.com/sites/x\r\n');
      if (old) {
        await utimes(path.join(folder, '0-rows.csv'), twoHoursAgo, twoHoursAgo);
        await utimes(folder, twoHoursAgo, twoHoursAgo);
      }
    }
    const result = await scan({ exportDir: SAMPLE, outDir: path.join(dir, 'out'), tempDir: temp, scanId: 't' });
    expect(result.exitCode).toBe(0);
    const left = Object.values(folders).map((f) => f.name).filter((name) => name !== folders.killed.name);
    expect((await readdir(temp)).sort()).toEqual(left.sort());
  });

  test('a --temp-dir that does not exist is one clear error, before anything is written', async () => {
    const dir = await tempDir('farmscan-tempdir-');
    const run = await runCli(['scan', SAMPLE, '--out', path.join(dir, 'out'), '--temp-dir', path.join(dir, 'missing')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^farmscan: .*missing: the temp folder does not exist\n$/);
    expect(await readdir(dir)).toEqual([]);
  });
});
