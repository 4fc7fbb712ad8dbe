// The operator's credentials file: { "<ApplicationId>": { "<Field Name>": "<value>" } }. Parsed into Maps
// (an id or field name may be "__proto__"). Errors name the application and field, never a value, and
// never quote the file's text: JSON.parse's own messages can include a snippet of it.
import { readTextFile } from '../io/read-text-file.js';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { findSyntaxError, positionAt } from '../plan/json-text.js';

/** Application id → field name → value. */
export type Credentials = Map<string, Map<string, string>>;

export async function loadCredentials(file: string, cwd?: string): Promise<Credentials> {
  const text = await readTextFile(file, cwd, 'a credentials file');
  return parseCredentials(text, file);
}

export function parseCredentials(text: string, file: string): Credentials {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const offset = findSyntaxError(text.replace(/^\uFEFF/, ''))?.offset ?? 0;
    throw new InputError('not valid JSON (position shown; the text is not repeated because it holds credentials)', { file, ...positionAt(text, offset) });
  }
  if (!isPlainObject(data)) throw new InputError('must be a JSON object of applications: { "<ApplicationId>": { "<Field Name>": "<value>" } }', { file });
  const credentials: Credentials = new Map();
  for (const [applicationId, fields] of Object.entries(data)) {
    if (!isPlainObject(fields)) throw new InputError(`application ${JSON.stringify(applicationId)}: must be an object of field names to values`, { file });
    const values = new Map<string, string>();
    for (const [field, value] of Object.entries(fields)) {
      if (typeof value !== 'string' || value === '') {
        throw new InputError(`application ${JSON.stringify(applicationId)}, field ${JSON.stringify(field)}: the value must be a non-empty string`, { file });
      }
      values.set(field, value);
    }
    credentials.set(applicationId, values);
  }
  return credentials;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
