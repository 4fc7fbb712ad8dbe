// Where replay's credentials come from: a file (`--credentials <file>`), standard input
// (`--credentials -`, so nothing stays on disk) or the FARMSCAN_CREDENTIALS variable holding the JSON.
// The variable is removed from the environment once read, as the pass phrase is, so no child process
// inherits it. Errors name the source, never its text.
import type { CliIO, InputStream } from '../cli/io.js';
import { InputError, UsageError } from '../errors.js';
import { decodeText } from '../io/read-text-file.js';
import { type Credentials, loadCredentials, parseCredentials } from './credentials.js';

export const CREDENTIALS_VARIABLE = 'FARMSCAN_CREDENTIALS';
/** Far above any real credentials file; a runaway pipe is refused, not buffered without end. */
const STDIN_LIMIT = 16 * 1024 * 1024;

/** The credentials to replay, or null when none were given. The flag wins over the variable. */
export async function resolveCredentials(flag: string | undefined, io: CliIO): Promise<Credentials | null> {
  const fromEnv = io.env[CREDENTIALS_VARIABLE];
  delete io.env[CREDENTIALS_VARIABLE];
  if (flag === '-') return parseCredentials(decodeText(await readStdin(io), 'stdin'), 'stdin');
  if (flag !== undefined) return loadCredentials(flag, io.cwd);
  if (fromEnv === undefined) return null;
  if (fromEnv.trim() === '') throw new UsageError(`${CREDENTIALS_VARIABLE} is set but empty`);
  return parseCredentials(fromEnv, CREDENTIALS_VARIABLE);
}

function readStdin(io: CliIO): Promise<Buffer> {
  const stdin = io.stdin;
  if (!stdin?.once) throw new UsageError('--credentials -: no standard input to read the credentials from');
  // On a terminal the values would be echoed as typed, and the pass phrase prompt needs it afterwards.
  if (stdin.isTTY) throw new UsageError(`--credentials -: standard input is a terminal; pipe the JSON in (or set ${CREDENTIALS_VARIABLE})`);
  return collect(stdin);
}

function collect(stdin: InputStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += bytes.length;
      if (size > STDIN_LIMIT) {
        stdin.removeListener('data', onData);
        stdin.pause?.();
        reject(new InputError(`more than ${STDIN_LIMIT / 1024 / 1024} MiB on standard input; a credentials file is far smaller`, { file: 'stdin' }));
        return;
      }
      chunks.push(bytes);
    };
    stdin.on('data', onData);
    stdin.once!('error', (error) => reject(error));
    stdin.once!('end', () => {
      stdin.removeListener('data', onData);
      resolve(Buffer.concat(chunks));
    });
    stdin.resume?.();
  });
}
