// Runs a bench child (node SCRIPT ARGS…) and returns the JSON object it printed last on stdout.
// Its stderr passes through, so a failing child explains itself.
import { spawn } from 'node:child_process';

export function runChild(script: string, args: readonly string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${signal ?? code}`));
      try {
        resolve(JSON.parse(last) as Record<string, unknown>);
      } catch {
        reject(new Error(`${script} printed no JSON result: ${JSON.stringify(last.slice(0, 200))}`));
      }
    });
  });
}
