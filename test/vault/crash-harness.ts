// Runs the real vault/replay code in a child process that a test can SIGKILL. The sources are transpiled
// (no type check, ~100 ms) into a temp folder so the child runs exactly the code under test, from a
// clean clone, without depending on a `dist/` build being fresh.
import { spawn } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { TEST_KDF, tempDir } from './helpers.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY_POINTS = ['src/vault/commands.ts', 'src/replay/command.ts'];

const DRIVER = `
const [sub, optionsJson] = process.argv.slice(2);
const kdfPolicy = JSON.parse(process.env.FARMSCAN_TEST_KDF_POLICY);
const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: { ...process.env }, now: () => new Date(), cwd: process.cwd() };
const options = JSON.parse(optionsJson);
if (sub === 'replay') {
  const { runReplayCommand } = await import('./src/replay/command.js');
  process.exitCode = await runReplayCommand(options, io, { kdfPolicy });
} else {
  const { runVaultCommand } = await import('./src/vault/commands.js');
  process.exitCode = await runVaultCommand(sub, options, io, { kdfPolicy });
}
`;

/** Transpiles every module reachable from the entry points; returns the folder holding driver.mjs. */
export async function buildChild(): Promise<string> {
  const out = await tempDir('farmscan-child-');
  const pending = [...ENTRY_POINTS];
  const done = new Set<string>();
  while (pending.length) {
    const rel = pending.pop()!;
    if (done.has(rel)) continue;
    done.add(rel);
    const source = await readFile(path.join(projectRoot, rel), 'utf8');
    for (const [, spec] of source.matchAll(/from\s+'(\.{1,2}\/[^']+)\.js'/g)) {
      pending.push(path.posix.normalize(path.posix.join(path.posix.dirname(rel), `${spec}.ts`)));
    }
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const target = path.join(out, rel.replace(/\.ts$/, '.js'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, js);
  }
  await writeFile(path.join(out, 'package.json'), '{"type":"module"}');
  await symlink(path.join(projectRoot, 'node_modules'), path.join(out, 'node_modules'));
  await writeFile(path.join(out, 'driver.mjs'), DRIVER);
  return out;
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

export interface ChildOptions {
  cwd: string;
  env: Record<string, string>;
  /** SIGKILL the child this many ms after spawn (random-delay kills). */
  killAfterMs?: number;
  /** Written to the child's standard input, which is then closed; without it stdin is /dev/null. */
  input?: string;
}

export function runChild(build: string, sub: string, options: object, child: ChildOptions): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(build, 'driver.mjs'), sub, JSON.stringify(options)], {
      cwd: child.cwd,
      // Only what the child needs: no NODE_OPTIONS from jest, no inherited secrets.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', FARMSCAN_TEST_KDF_POLICY: JSON.stringify(TEST_KDF), ...child.env },
      stdio: [child.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (child.input !== undefined) proc.stdin!.end(child.input);
    let stdout = '';
    let stderr = '';
    proc.stdout!.on('data', (c) => (stdout += c));
    proc.stderr!.on('data', (c) => (stderr += c));
    const timer = child.killAfterMs === undefined ? undefined : setTimeout(() => proc.kill('SIGKILL'), child.killAfterMs);
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `tasks` with at most `limit` at a time (the suite must stay quick on 2 cores). */
export async function pool<T>(tasks: (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
