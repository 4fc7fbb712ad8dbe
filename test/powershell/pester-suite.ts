// Runs Pester files in a real pwsh, each as a jest test: the exporter against the simulated farm
// (exporter.test.ts) and the generated remediation script against simulated Secure Store cmdlets
// (script.test.ts), two jest files so that they run side by side. Without pwsh a suite says so in one line
// and skips, except under CI=true, where a missing pwsh fails (CI must run these).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENABLE_HINT, findPwsh, hasPester, pwshEnv, repoRoot } from './pwsh.js';

const here = path.join(repoRoot, 'test', 'powershell');

interface PesterSummary {
  tests: Array<{ name: string; result: string; error: string }>;
  containers: Array<{ result: string; error: string }>;
}

/** Every `*.Tests.ps1` under the given folders of test/powershell, each a jest test. */
export function pesterSuite(folders: readonly string[]): void {
  const files = folders
    .flatMap((folder) => readdirSync(path.join(here, folder), { recursive: true, encoding: 'utf8' }).map((name) => path.join(folder, name)))
    .filter((name) => name.endsWith('.Tests.ps1'))
    .sort();
  const pwsh = findPwsh();
  if (pwsh !== null && hasPester()) describe.each(files)('%s', (file) => runsUnderPwsh(pwsh, file));
  else skipOrFail(pwsh === null ? 'pwsh is not installed' : 'Pester 5.7.1 is not installed', files.length);
}

function skipOrFail(why: string, fileCount: number): void {
  if (process.env.CI === 'true') {
    test('PowerShell tests run under CI', () => {
      throw new Error(`${why}: ${ENABLE_HINT}`);
    });
  } else {
    process.stderr.write(`PowerShell tests skipped (${fileCount} Pester files): ${why}; ${ENABLE_HINT}\n`);
    test.skip('PowerShell tests (pwsh missing)', () => {});
  }
}

function runsUnderPwsh(pwsh: string, file: string): void {
  test('passes under pwsh with Set-StrictMode -Version Latest', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'farmscan-pester-'));
    try {
      const resultFile = path.join(dir, 'result.json');
      execFileSync(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', path.join(here, 'run-pester.ps1'), '-Path', path.join(here, file), '-ResultFile', resultFile], {
        cwd: repoRoot,
        env: pwshEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 240_000,
      });
      const summary = JSON.parse(readFileSync(resultFile, 'utf8').replace(/^\uFEFF/, '')) as PesterSummary;
      const broken = summary.containers.filter((c) => c.result !== 'Passed').map((c) => `the file itself: ${c.result}\n${c.error}`);
      const failed = summary.tests.filter((t) => t.result !== 'Passed').map((t) => `${t.name}: ${t.result}\n${t.error}`);
      expect([...broken, ...failed]).toEqual([]);
      expect(summary.tests.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
}
