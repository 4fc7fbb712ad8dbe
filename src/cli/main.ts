// The command line: yargs parses, each command calls the library, and main() returns the exit code.
// User errors print as one line; anything else is a bug and keeps its stack.
import yargs, { type Argv } from 'yargs';
import { isUserError, renderUserError, UsageError, visible } from '../errors.js';
import type { CliIO, MainOptions } from './io.js';
import { registerScan, registerScanners } from './scan-command.js';
import { registerReplay, registerScript, registerVault } from './target-commands.js';

export type CommandRegistrar = (cli: Argv, io: CliIO, done: (code: number) => void) => Argv;

const REGISTRARS: readonly CommandRegistrar[] = [registerScan, registerScanners, registerReplay, registerScript, registerVault];

export async function main(options: MainOptions): Promise<number> {
  const { argv, ...io } = options;
  let exitCode: number | null = null;
  const done = (code: number) => {
    exitCode = code;
  };
  let cli = yargs(argv)
    .scriptName('farmscan')
    .usage('$0 <command> [options]')
    .strict()
    .exitProcess(false)
    .wrap(Math.min(100, (io.stdout as { columns?: number }).columns ?? 100))
    .env(false)
    .fail((message, error) => {
      throw error ?? new UsageError(`${message} (farmscan --help lists the commands and options)`);
    })
    .demandCommand(1, 'name a command: scan, scanners, replay, script or vault')
    .help()
    .version(false);
  for (const register of REGISTRARS) cli = register(cli, io, done);

  try {
    let output = '';
    await cli.parseAsync(argv, {}, (_error, _args, text) => {
      output = text ?? '';
    });
    if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    return exitCode ?? 0;
  } catch (error) {
    if (isUserError(error)) {
      io.stderr.write(`${renderUserError(error)}\n`);
      return 1;
    }
    const fsProblem = fileSystemProblem(error);
    if (fsProblem !== null) {
      io.stderr.write(`farmscan: ${visible(fsProblem)}\n`);
      return 1;
    }
    throw error;
  }
}

// File-system refusals a user causes (a file where a folder is expected, no permission, a full disk, a
// planted link): one line naming the path, not a stack trace. Nothing is half-written: every write is atomic.
const FS_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'a file is in the way (a folder was expected)',
  ENOTDIR: 'a file is in the way (a folder was expected)',
  EISDIR: 'is a folder (a file was expected)',
  ENOENT: 'no such file or folder',
  ELOOP: 'is a symbolic link, which farmscan does not follow',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'the path is too long',
};

function fileSystemProblem(error: unknown): string | null {
  const e = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof e.code !== 'string' || typeof e.syscall !== 'string') return null;
  const reason = FS_REASONS[e.code];
  if (reason === undefined) return null;
  return `${e.path ?? '(unknown path)'}: ${reason} (${e.syscall})`;
}
