// Shared by the vault and replay tests: cheap KDF parameters, a captured CliIO, plans built as objects.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CliIO } from '../../src/cli/io.js';
import type { Claim } from '../../src/model.js';
import type { PlanStep, RemediationPlan } from '../../src/plan/types.js';
import { runReplayCommand, type ReplayCommandOptions } from '../../src/replay/command.js';
import { runVaultCommand, type VaultCommandOptions, type VaultSubcommand } from '../../src/vault/commands.js';
import type { KdfPolicy } from '../../src/vault/kdf.js';

/** scrypt at N=2^10: about 1 ms instead of 0.4 s. Only tests pass it; kdf.test.ts proves the real floor. */
export const TEST_KDF: KdfPolicy = { create: { N: 1024, r: 8, p: 1 }, floor: { N: 1024, r: 8, p: 1 } };
export const PASS = 'Correct-Horse-42';
export const NEW_PASS = 'Battery#Staple-7';
export const NOW = new Date('2026-11-23T10:00:00Z');

export interface Captured {
  io: CliIO;
  stdout: () => string;
  stderr: () => string;
}

export function captureIO(options: { cwd: string; env?: Record<string, string | undefined>; now?: () => Date }): Captured {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (c: string) => (out += c) },
    stderr: { write: (c: string) => (err += c) },
    env: { ...(options.env ?? {}) },
    now: options.now ?? (() => NOW),
    cwd: options.cwd,
  };
  return { io, stdout: () => out, stderr: () => err };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function vault(sub: VaultSubcommand, options: VaultCommandOptions, cwd: string, env: Record<string, string> = { FARMSCAN_VAULT_PASSPHRASE: PASS }, now?: () => Date): Promise<Run> {
  const c = captureIO({ cwd, env, now });
  const code = await runVaultCommand(sub, options, c.io, { kdfPolicy: TEST_KDF });
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

export async function replay(options: ReplayCommandOptions, cwd: string, env: Record<string, string> = { FARMSCAN_VAULT_PASSPHRASE: PASS }): Promise<Run> {
  const c = captureIO({ cwd, env });
  const code = await runReplayCommand(options, c.io, { kdfPolicy: TEST_KDF });
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

const made: string[] = [];
// Each test file removes the folders it made (a crash test makes dozens).
afterAll(() => Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

export async function tempDir(prefix = 'farmscan-vault-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function writeJson(dir: string, name: string, value: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(value, null, 2));
  return file;
}

export function claim(value: string): Claim {
  return { claimType: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid', claimIssuer: 'windows', claimValue: value, encodedClaim: null };
}

export function step(applicationId: string, overrides: Partial<PlanStep> = {}, fields = ['Windows User Name', 'Windows Password']): PlanStep {
  return {
    applicationId,
    sourceType: 'Group',
    targetType: 'RestrictedGroup',
    classification: 'convert',
    needsDecision: false,
    reasons: ['Group application: recreate it as Group Restricted.'],
    changes: [],
    dropped: { ticketTimeout: null, individualMappings: false, ticketRedeemers: [] },
    definition: {
      applicationId,
      name: applicationId,
      friendlyName: `${applicationId} friendly`,
      contactEmail: 'sp-admins@contoso.com',
      credentialManagementUrl: null,
      type: 'RestrictedGroup',
      fields: fields.map((name, i) => ({ name, type: i % 2 ? 'WindowsPassword' : 'WindowsUserName', masked: i % 2 === 1 })),
      administrators: [claim('S-1-5-21-1-1-1-500')],
      members: [claim('S-1-5-21-1-1-1-1001')],
    },
    usedByProfileMappings: [],
    source: { file: 'SecureStore.xml', line: 1 },
    ...overrides,
  };
}

export function plan(steps: PlanStep[], scanId = '00000000-0000-4000-8000-000000000001'): RemediationPlan {
  return { schemaVersion: 1, scanId, generatedAt: '2026-11-23T09:00:00Z', targetPlatform: 'sharepoint-se', steps };
}

/** Credentials with values unlikely to occur by chance, so a scan of the files for them means something. */
export function secretFor(applicationId: string, field: string): string {
  return `s3cr3t-${Buffer.from(`${applicationId}/${field}`).toString('hex')}-Zq9`;
}

export function credentialsFor(steps: PlanStep[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const s of steps) {
    const fields: Record<string, string> = {};
    for (const f of s.definition.fields) Object.defineProperty(fields, f.name, { value: secretFor(s.applicationId, f.name), enumerable: true, writable: true, configurable: true });
    Object.defineProperty(out, s.applicationId, { value: fields, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A folder with an initialised vault v.ssv, plan.json for `steps` and creds.json with their values. */
export async function seedFolder(steps: PlanStep[]): Promise<string> {
  const dir = await tempDir();
  await vault('init', { vault: 'v.ssv' }, dir);
  await writeJson(dir, 'plan.json', plan(steps));
  await writeJson(dir, 'creds.json', credentialsFor(steps));
  return dir;
}
