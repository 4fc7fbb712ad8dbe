// `farmscan scan` and `farmscan scanners`.
import path from 'node:path';
import type { Argv } from 'yargs';
import { builtInScanners } from '../../scanners/index.js';
import { visible } from '../errors.js';
import { scan, type ScanResult } from '../scan/scan.js';
import type { TargetPlatform } from '../plan/types.js';
import type { CliIO } from './io.js';

export function registerScan(cli: Argv, io: CliIO, done: (code: number) => void): Argv {
  return cli.command(
    'scan <export-dir>',
    'scan a farm export folder and write the reports and the remediation plan',
    (y) =>
      y
        .positional('export-dir', { type: 'string', demandOption: true, describe: 'folder written by Export-FarmInventory.ps1 (or hand-made Export-Clixml files)' })
        .option('out', { type: 'string', demandOption: true, describe: 'output folder (created if missing)' })
        .option('scanners', { type: 'string', describe: 'comma-separated ids of the built-in scanners to run (default: all)' })
        .option('scanner', { type: 'string', array: true, describe: 'path of a third-party scanner module (repeatable)' })
        .option('concurrency', { type: 'number', describe: 'threads to read on (default: CPU count, at most 4): a big file is read in parts, several big files side by side' })
        .option('temp-dir', { type: 'string', describe: 'folder for the scan\'s private temp files, removed at the end (default: the OS temp folder)' })
        .option('scan-id', { type: 'string', describe: 'ScanID written on every row (default: a new UUID)' })
        .option('scan-time', { type: 'string', describe: 'ISO time written into the plan and summary (default: now)' })
        .option('target-platform', { choices: ['sharepoint-se', 'm365'] as const, default: 'sharepoint-se' as const, describe: 'where the applications are recreated' })
        .option('json', { type: 'boolean', default: false, describe: 'print a machine-readable summary on stdout' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress or coverage on stderr' }),
    async (args) => {
      const result = await scan({
        exportDir: args['export-dir'] as string,
        outDir: args.out as string,
        scanId: args['scan-id'],
        scanTime: args['scan-time'],
        scanners: args.scanners?.split(',').map((s) => s.trim()).filter(Boolean),
        plugins: args.scanner,
        concurrency: args.concurrency,
        tempDir: args['temp-dir'],
        targetPlatform: args['target-platform'] as TargetPlatform,
        quiet: args.quiet,
        stderr: io.stderr,
        cwd: io.cwd,
        now: io.now,
      });
      printScanOutcome(result, io, { json: args.json, quiet: args.quiet });
      done(result.exitCode);
    },
  );
}

export function registerScanners(cli: Argv, io: CliIO, done: (code: number) => void): Argv {
  return cli.command('scanners', 'list the built-in scanners and the records they read', {}, () => {
    const width = Math.max(...builtInScanners.map((s) => s.id.length));
    for (const s of builtInScanners) io.stdout.write(`${s.id.padEnd(width)}  ${s.title} (reads: ${s.reads.join(', ')})\n`);
    done(0);
  });
}

function printScanOutcome(result: ScanResult, io: CliIO, options: { json: boolean; quiet: boolean }): void {
  const failed = result.files.filter((f) => f.failed).length;
  if (!options.quiet) {
    for (const error of result.errors) {
      const where = [error.file, error.line, error.column].filter((p) => p !== null && p !== '').join(':');
      io.stderr.write(`farmscan: ${visible(where)}${where ? ': ' : ''}${visible(error.message)}\n`);
    }
    const threads = result.threads > 0 ? ` (read on ${result.threads} threads)` : '';
    io.stderr.write(`${result.files.length} files, ${result.records} records, ${failed} failed${threads}\n`);
    const shown = path.relative(io.cwd ?? process.cwd(), result.outDir);
    io.stderr.write(`reports in ${shown === '' ? '.' : shown.startsWith('..') ? result.outDir : shown}\n`);
  }
  if (options.json) {
    const counts: Record<string, number> = {};
    for (const c of result.findingCounts) counts[`${c.scanner}/${c.finding}`] = (counts[`${c.scanner}/${c.finding}`] ?? 0) + c.count;
    io.stdout.write(
      `${JSON.stringify({ scanId: result.scanId, files: result.files.length, records: result.records, threads: result.threads, failedFiles: failed, errors: result.errors.length, findings: counts, outputs: result.outputs, exitCode: result.exitCode })}\n`,
    );
  }
}
