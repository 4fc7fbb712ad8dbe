// The CLI's cap on V8's young generation (src/cli/young-generation.ts), seen from outside: the biggest the
// new space got in a real node process, with the cap, without it, and with a semi-space flag of the user's.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { generateExport } from '../../bench/generate.js';

const run = promisify(execFile);
const CAP = fileURLToPath(new URL('../../dist/src/cli/young-generation.js', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/farmscan.js', import.meta.url));
const MB = 1024 * 1024;
/** Both semi-spaces at the cap's 8 MB. */
const CAPPED = 16 * MB;

// Allocation with survivors, in steps that let the event loop run, as a scan's reads do: what makes V8 grow
// the new space (to 32 MB, uncapped). Prints the largest new space seen. CAP=own: the cap reads the
// process's flags; CAP=1: it is told there are none (the test sets V8's maximum itself, which V8 otherwise
// sizes from the machine's memory: 8 MB semi-spaces on a small one).
const WORKLOAD = `
  const v8 = await import('node:v8');
  const { setTimeout: sleep } = await import('node:timers/promises');
  const { capYoungGeneration } = await import(${JSON.stringify(pathToFileURL(CAP).href)});
  if (process.env.CAP === '1') capYoungGeneration('');
  if (process.env.CAP === 'own') capYoungGeneration();
  const kept = [];
  let max = 0;
  for (let step = 0; step < 400; step++) {
    for (let i = 0; i < 20000; i++) { const o = { a: i, b: 'x' + i, c: [i] }; if (i % 10 === 0) kept.push(o); }
    if (kept.length > 200000) kept.splice(0, 100000);
    max = Math.max(max, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
    if (step % 4 === 0) await sleep(1);
  }
  console.log(max);
`;

async function largestNewSpace(nodeFlags: string[], cap: '0' | '1' | 'own'): Promise<number> {
  const { stdout } = await run(process.execPath, [...nodeFlags, '--input-type=module', '-e', WORKLOAD], { env: { ...process.env, CAP: cap, NODE_OPTIONS: '' } });
  return Number(stdout.trim());
}

describe('capYoungGeneration', () => {
  it('lets the new space grow past 8 MB semi-spaces without the cap (so the other cases can fail)', async () => {
    expect(await largestNewSpace(['--max-semi-space-size=16'], '0')).toBeGreaterThan(CAPPED);
  });

  it('stops the new space at 8 MB semi-spaces', async () => {
    expect(await largestNewSpace(['--max-semi-space-size=16'], '1')).toBeLessThanOrEqual(CAPPED);
  });

  it.each([['--max-semi-space-size=32'], ['-max-semi-space-size=32'], ['--max_semi_space_size=32']])('leaves a process started with %s to that flag', async (flag) => {
    expect(await largestNewSpace([flag], 'own')).toBeGreaterThan(CAPPED);
  });
});

describe('the farmscan command', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'farmscan-young-'));
    // Enough kept applications and sites that an uncapped scan grows its new space to 32 MB (measured).
    await generateExport(path.join(tmp, 'export'), { sites: 150_000, apps: 3_000, encoding: 'utf8' });
  }, 120_000);
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  // A preload that samples the new space and prints the largest it saw when the process ends.
  const SAMPLER = `data:text/javascript,${encodeURIComponent(`
    import v8 from 'node:v8';
    let max = 0;
    const look = () => { max = Math.max(max, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size); };
    setInterval(look, 5).unref();
    process.on('exit', () => { look(); process.stderr.write('new space ' + max + '\\n'); });
  `)}`;

  async function scanNewSpace(nodeOptions: string, out: string): Promise<number> {
    const args = [`--import=${SAMPLER}`, BIN, 'scan', path.join(tmp, 'export'), '--out', path.join(tmp, out), '--quiet'];
    const { stderr } = await run(process.execPath, args, { env: { ...process.env, NODE_OPTIONS: nodeOptions } }).catch((error: { stderr?: string }) => {
      throw new Error(`scan failed: ${error.stderr ?? String(error)}`);
    });
    return Number(/new space (\d+)/.exec(stderr)?.[1]);
  }

  // On a machine whose V8 maximum is already 8 MB the capped run cannot fail; the control still can.
  it('scans with the new space capped, where V8 left alone grows it', async () => {
    // The control: a semi-space size the user set is theirs (here V8's own), so the command does not cap, and V8 grows.
    expect(await scanNewSpace('--max-semi-space-size=16', 'uncapped')).toBeGreaterThan(CAPPED);
    expect(await scanNewSpace('', 'capped')).toBeLessThanOrEqual(CAPPED);
  }, 120_000);
});
