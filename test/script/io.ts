// An in-process CliIO that records what a command prints.
import type { CliIO } from '../../src/cli/io.js';

export function testIO(cwd: string): CliIO & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: {},
    now: () => new Date('2026-11-23T10:00:00Z'),
    cwd,
    out: () => stdout,
    err: () => stderr,
  };
}
