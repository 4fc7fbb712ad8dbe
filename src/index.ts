// The library API: every command is callable from code.
import type { MainOptions } from './cli/io.js';

/** The command line, callable from code; returns the exit code. Loaded when called: scans need no CLI parser. */
export async function main(options: MainOptions): Promise<number> {
  return (await import('./cli/main.js')).main(options);
}
export { scan, type ScanOptions, type ScanResult } from './scan/scan.js';
// Opt-in for a process that scans as the CLI does: a process-wide V8 setting, so never made by scan() itself.
export { capYoungGeneration, type YoungGenerationCap } from './cli/young-generation.js';
export { classify } from './classify.js';
export { readExportFile } from './sources/read-export-file.js';
export { readClixmlFile } from './sources/clixml-reader.js';
export type * from './model.js';
export type * from './plan/types.js';
export type { Scanner, ScanContext, Finding, Severity } from './scan/types.js';
export { InputError, UsageError, VaultError } from './errors.js';
