// Ctrl-C during a scan: the CLI exits 130 and leaves neither its temp folder nor a half-written output.
import { spawn } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateExport } from '../../bench/generate.js';
import { tempDir } from '../helpers/clixml.js';

const BIN = fileURLToPath(new URL('../../bin/farmscan.js', import.meta.url));

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 10))) if (await check()) return true;
  return false;
}

describe('interrupting a scan', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)('%s: exit code 128 + signal, temp folder and unfinished files removed', async (signal) => {
    const dir = await tempDir('farmscan-interrupt-');
    const exportDir = path.join(dir, 'export');
    // Enough locked sites for the lock rows to pass 1 MB, so the scan makes its temp folder early.
    await generateExport(exportDir, { sites: 150_000, apps: 10, encoding: 'utf8' });
    const temp = path.join(dir, 'temp');
    const out = path.join(dir, 'out');
    await mkdir(temp);
    const child = spawn(process.execPath, [BIN, 'scan', exportDir, '--out', out, '--temp-dir', temp, '--quiet', '--concurrency', '1'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    expect(await waitFor(async () => (await readdir(temp)).length > 0, 30_000)).toBe(true);
    child.kill(signal);
    expect(await exited).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(await readdir(temp)).toEqual([]);
    const written = await readdir(out, { recursive: true }).catch(() => [] as string[]);
    expect(written.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
