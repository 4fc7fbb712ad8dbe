// Runs the real CLI in-process and captures what a user would see.
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    stdout: { write: (c: string) => (stdout += c) },
    stderr: { write: (c: string) => (stderr += c) },
    env: options.env ?? {},
    cwd: options.cwd,
    now: () => new Date('2026-11-23T10:00:00Z'),
  });
  return { code, stdout, stderr };
}
