// Where the PowerShell tests' tools are: pwsh on PATH or where `dotnet tool install --global` puts it, and
// the Pester that .ci/install-pwsh unpacks into .tools/Modules.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const modulesDir = path.join(repoRoot, '.tools', 'Modules');
export const ENABLE_HINT = 'run .ci/install-pwsh (needs the .NET SDK) to install pwsh 7.6.10 and Pester 5.7.1';

export function findPwsh(): string | null {
  const candidates = [path.join(os.homedir(), '.dotnet', 'tools', 'pwsh')];
  const onPath = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['pwsh'], { encoding: 'utf8' });
  if (onPath.status === 0) candidates.unshift(onPath.stdout.trim().split(/\r?\n/)[0]);
  return candidates.find((candidate) => candidate !== '' && existsSync(candidate)) ?? null;
}

export const hasPester = (): boolean => existsSync(path.join(modulesDir, 'Pester', '5.7.1', 'Pester.psd1'));

/** The environment pwsh runs in: our Pester first on the module path. */
export function pwshEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PSModulePath: [modulesDir, process.env.PSModulePath ?? ''].filter(Boolean).join(path.delimiter), POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', ...extra };
}
