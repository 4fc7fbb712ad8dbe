// One scan in a process of its own, so its peak RSS is its own: calls the library's scan() on an
// export folder, writes all outputs to a temp folder that is removed, prints the bench JSON. The process
// is set up as the CLI's (bin/farmscan.js) is: its young generation capped, unless `--young-cap off`.
//   node dist/bench/scan-child.js --export DIR [--concurrency N] [--young-cap on|off]
// Prints {"unavailable": reason} when the library has no scan() yet.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { capYoungGeneration } from '../src/cli/young-generation.js';
import { measure } from './measure.js';

interface ScanOptions {
  exportDir: string;
  outDir: string;
  scanId: string;
  concurrency: number;
  quiet: boolean;
}
type Scan = (options: ScanOptions) => Promise<{ threads?: number }>;

async function loadScan(): Promise<Scan | string> {
  // A computed specifier: this file compiles whether or not src/index.ts exists yet.
  const specifier = '../src/index.js';
  try {
    const library = (await import(specifier)) as { scan?: unknown };
    return typeof library.scan === 'function' ? (library.scan as Scan) : 'src/index.js exports no scan()';
  } catch (error) {
    return `cannot load src/index.js: ${(error as Error).message.split('\n')[0]}`;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { export: { type: 'string' }, concurrency: { type: 'string', default: '2' }, 'young-cap': { type: 'string', default: 'on' } },
  });
  if (values.export === undefined) throw new Error('usage: scan-child.js --export DIR [--concurrency N] [--young-cap on|off]');
  if (values['young-cap'] !== 'on' && values['young-cap'] !== 'off') throw new Error(`--young-cap: on or off, got ${values['young-cap']}`);
  if (values['young-cap'] === 'on') capYoungGeneration();
  const exportDir = values.export;
  const scan = await loadScan();
  if (typeof scan === 'string') {
    process.stdout.write(JSON.stringify({ unavailable: scan }) + '\n');
    return;
  }
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'farmscan-bench-'));
  try {
    const options = { exportDir, outDir, scanId: 'bench', concurrency: Number(values.concurrency), quiet: true };
    // The scan counts no XML elements; the key stays so both children print the same shape.
    const result = await measure(async () => {
      const outcome = await scan(options);
      return { elements: null, threads: outcome.threads ?? 0 };
    });
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`scan-child: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
