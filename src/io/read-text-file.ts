// JSON inputs a consultant writes by hand (decisions, credentials) or tools rewrite (plans). Windows
// PowerShell's Out-File and Set-Content write UTF-16 LE with a BOM by default: decode by BOM, like the
// export reader, and fatally, so a wrong encoding is an error rather than silent garbage.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TextDecoder } from 'node:util';
import { InputError, UsageError } from '../errors.js';
import { sniffEncoding, UnsupportedEncodingError } from '../sources/encoding.js';

/** The file's text without its BOM; `kind` names what was expected, for messages. */
export async function readTextFile(file: string, cwd: string | undefined, kind: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path.resolve(cwd ?? process.cwd(), file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${file}: is a folder, not ${kind}`);
    if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`${file}: permission denied`);
    throw error;
  }
  return decodeText(bytes, file);
}

/** Bytes read from a file or a pipe as text, decoded by BOM (UTF-8 without one), fatally. */
export function decodeText(bytes: Buffer, file: string): string {
  try {
    const { encoding } = sniffEncoding(bytes);
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    if (error instanceof UnsupportedEncodingError) throw new InputError(error.message, { file });
    throw new InputError('not valid UTF-8 or UTF-16 text (save it as UTF-8)', { file });
  }
}
