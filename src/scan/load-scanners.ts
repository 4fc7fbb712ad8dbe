// Chooses the scanners for a run: the built-ins (optionally narrowed by --scanners) plus third-party
// modules from --scanner, each checked against the Scanner shape before any file is read.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtInScanners } from '../../scanners/index.js';
import { RECORD_KINDS } from '../model.js';
import { UsageError } from '../errors.js';
import type { Scanner } from './types.js';

export async function selectScanners(options: { only?: readonly string[]; plugins?: readonly string[]; cwd: string }): Promise<Scanner<any>[]> {
  let chosen: Scanner<any>[] = [...builtInScanners];
  if (options.only && options.only.length > 0) {
    const known = new Map(builtInScanners.map((s) => [s.id, s]));
    chosen = options.only.map((id) => {
      const scanner = known.get(id);
      if (!scanner) throw new UsageError(`unknown scanner ${JSON.stringify(id)}; the built-in scanners are: ${[...known.keys()].join(', ')}`);
      return scanner;
    });
  }
  for (const file of options.plugins ?? []) chosen.push(await loadScannerModule(path.resolve(options.cwd, file)));
  const seen = new Set<string>();
  for (const scanner of chosen) {
    if (seen.has(scanner.id)) throw new UsageError(`two scanners have the id ${JSON.stringify(scanner.id)}`);
    seen.add(scanner.id);
  }
  return chosen;
}

export async function loadScannerModule(file: string): Promise<Scanner<any>> {
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    throw new UsageError(`${file}: cannot load the scanner module: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const candidate = (module.default ?? module.scanner) as unknown;
  const problem = scannerProblem(candidate);
  if (problem !== null) throw new UsageError(`${file}: not a valid scanner: ${problem}`);
  return candidate as Scanner<any>;
}

/** What is wrong with a would-be scanner, naming the property; null when it is valid. */
export function scannerProblem(candidate: unknown): string | null {
  if (typeof candidate !== 'object' || candidate === null) return 'the module has no default export object (export default { id, title, reads, messages, scan })';
  const s = candidate as Record<string, unknown>;
  if (typeof s.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(s.id)) return 'property "id" must be a kebab-case string';
  if (typeof s.title !== 'string' || s.title.trim() === '') return 'property "title" must be a non-empty string';
  if (!Array.isArray(s.reads) || s.reads.length === 0) return `property "reads" must be a non-empty array of record kinds (${RECORD_KINDS.join(', ')})`;
  const unknownKind = s.reads.find((kind) => !RECORD_KINDS.includes(kind as never));
  if (unknownKind !== undefined) return `property "reads" names an unknown record kind ${JSON.stringify(unknownKind)} (known: ${RECORD_KINDS.join(', ')})`;
  if (typeof s.messages !== 'object' || s.messages === null || Object.values(s.messages).some((m) => typeof m !== 'string')) {
    return 'property "messages" must be an object mapping message ids to texts';
  }
  if (typeof s.scan !== 'function') return 'property "scan" must be a function (record, ctx, state) => void';
  for (const hook of ['createState', 'finish'] as const) {
    if (s[hook] !== undefined && typeof s[hook] !== 'function') return `property "${hook}" must be a function when present`;
  }
  return null;
}
