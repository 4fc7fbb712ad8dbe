// `farmscan vault <sub>`: the library functions behind each subcommand and one dispatcher for yargs.
// Results go to stdout (JSON with --json), notes to stderr; a user error is one line and exit 1.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileTargetPath } from './target.js';
import type { CliIO } from '../cli/io.js';
import { UsageError, isUserError, renderUserError, visible } from '../errors.js';
import { auditFields, auditPathFor, openAuditWriter, readAuditEntries } from './audit.js';
import { chainKey } from './audit-entry.js';
import { ChainBroken, type ChainReport } from './audit-verify.js';
import { type FileVault, type FileVaultOptions, openFileVault } from './file-vault.js';
import { DEFAULT_AUDIT_PURGE_DAYS } from './format.js';
import { DEFAULT_KDF_POLICY, type KdfPolicy } from './kdf.js';
import { NEW_PASSPHRASE_VARIABLE, PASSPHRASE_VARIABLE, checkPassphrasePolicy, readPassphrase } from './passphrase.js';
import { acquireVaultLock, lockWaitMs } from './lock.js';
import { createVaultFile } from './store.js';

export type VaultSubcommand = 'init' | 'list' | 'show' | 'check' | 'rotate-key' | 'refresh-key' | 'audit';

export interface VaultCommandOptions {
  vault: string;
  appId?: string;
  json?: boolean;
  purge?: boolean;
  /** init: the purge age stored in the header; audit --purge: overrides it for this run. */
  purgeDays?: number;
  /** audit --verify: walk the chain, name the first entry that is wrong, exit 1 then. */
  verify?: boolean;
  /** How long to wait for another run's lock on the vault (default 30). */
  lockWaitSeconds?: number;
}

/** Not reachable from the command line: lets tests use cheap scrypt parameters. */
export interface VaultInternals {
  kdfPolicy?: KdfPolicy;
}

export async function runVaultCommand(sub: VaultSubcommand, options: VaultCommandOptions, io: CliIO, internals: VaultInternals = {}): Promise<number> {
  // --vault takes a path or the same file: spec as replay's --target, parsed the same way.
  const vaultPath = /^file:/i.test(options.vault) ? fileTargetPath(options.vault, io) : path.resolve(io.cwd ?? process.cwd(), options.vault);
  const ctx: Ctx = { io, options, vaultPath, policy: internals.kdfPolicy ?? DEFAULT_KDF_POLICY };
  try {
    switch (sub) {
      case 'init':
        return await init(ctx);
      case 'audit':
        return await audit(ctx);
      case 'list':
      case 'show':
      case 'check':
      case 'rotate-key':
      case 'refresh-key':
        return await withVault(ctx, sub);
      default:
        throw new UsageError(`unknown vault command ${JSON.stringify(sub)}: use init, list, show, check, rotate-key, refresh-key or audit`);
    }
  } catch (error) {
    if (!isUserError(error)) throw error;
    io.stderr.write(`${renderUserError(error)}\n`);
    return 1;
  }
}

interface Ctx {
  io: CliIO;
  options: VaultCommandOptions;
  vaultPath: string;
  policy: KdfPolicy;
}

async function init(ctx: Ctx): Promise<number> {
  const { io, options, vaultPath, policy } = ctx;
  const purgeDays = options.purgeDays ?? DEFAULT_AUDIT_PURGE_DAYS;
  if (!Number.isSafeInteger(purgeDays) || purgeDays < 1) throw new UsageError(`--purge-days must be a whole number of days ≥ 1, not ${options.purgeDays}`);
  const passphrase = await readPassphrase(io, { variable: PASSPHRASE_VARIABLE, label: 'New vault pass phrase', confirm: true });
  checkPassphrasePolicy(passphrase);
  const auditPath = auditPathFor(vaultPath);
  const lock = await acquireVaultLock(vaultPath, { command: 'vault init', ...lockOptions(ctx) });
  try {
    // The chain starts where the log ends: a log left by an earlier vault of this name stays before the anchor.
    const writer = await openAuditWriter(auditPath, null);
    let line = '';
    const { data, masterKey } = await createVaultFile(vaultPath, passphrase, {
      policy,
      now: io.now(),
      auditPurgeDays: purgeDays,
      audit: (key) => {
        line = writer.seal(auditFields(io.now(), 'init', null, 'success'), chainKey(key, 1));
        return { anchor: writer.position(), head: line };
      },
    });
    masterKey.fill(0);
    await writer.append(line);
    if (options.json) io.stdout.write(`${JSON.stringify({ vault: vaultPath, vaultId: data.vaultId, auditLog: auditPath })}\n`);
    io.stderr.write(`Created vault ${visible(vaultPath)} (scrypt N=${data.kdf.N}, r=${data.kdf.r}, p=${data.kdf.p}); audit log ${visible(auditPath)}, purged after ${purgeDays} days.\n`);
    io.stderr.write('Back up the vault and keep the pass phrase apart from the backup: without it the values cannot be recovered.\n');
    return 0;
  } finally {
    lock.release();
  }
}

/** The lock settings every writable open of the vault shares. */
function lockOptions({ io, options }: Ctx): { waitMs: number; notice: (line: string) => void } {
  return { waitMs: lockWaitMs(options.lockWaitSeconds), notice: (line) => io.stderr.write(`${visible(line)}\n`) };
}

function openOptions(ctx: Ctx, command: string): FileVaultOptions {
  const { waitMs, notice } = lockOptions(ctx);
  return { now: ctx.io.now, kdfPolicy: ctx.policy, command, lockWaitMs: waitMs, notice };
}

async function withVault(ctx: Ctx, sub: 'list' | 'show' | 'check' | 'rotate-key' | 'refresh-key'): Promise<number> {
  const { io, options } = ctx;
  if (sub === 'show' && !options.appId) throw new UsageError('vault show needs an application id');
  // Ask for the new pass phrase first, so a weak one is refused before any slow key derivation.
  let newPassphrase: string | undefined;
  if (sub === 'rotate-key') {
    newPassphrase = await readPassphrase(io, { variable: NEW_PASSPHRASE_VARIABLE, label: 'New vault pass phrase', confirm: true });
    checkPassphrasePolicy(newPassphrase);
  }
  const passphrase = await readPassphrase(io, { variable: PASSPHRASE_VARIABLE, label: 'Vault pass phrase' });
  const vault = await openFileVault(ctx.vaultPath, passphrase, openOptions(ctx, `vault ${sub}`));
  try {
    switch (sub) {
      case 'list':
        return await list(vault, ctx);
      case 'show':
        return await show(vault, ctx, options.appId!);
      case 'check': {
        const report = await checkAudited(vault);
        print(ctx, report, `Vault ${visible(vault.path)}: ${report.applications} applications, ${report.credentials} credentials, ${report.decrypted} decrypted; integrity verified.`);
        return 0;
      }
      case 'rotate-key': {
        const report = await vault.rotateKey(newPassphrase!);
        const h = vault.header();
        print(ctx, { ...report, keyVersion: h.keyVersion }, `New master key (version ${h.keyVersion}); ${report.decrypted} values re-encrypted. The old pass phrase no longer opens the vault. Back up the vault now.`);
        return 0;
      }
      case 'refresh-key': {
        const report = await vault.refreshKey(passphrase);
        const { kdf } = vault.header();
        print(
          ctx,
          { ...report, kdf },
          `Key refreshed from the pass phrase: ${report.decrypted} of ${report.credentials} values verified, master key re-wrapped (scrypt N=${kdf.N}, r=${kdf.r}, p=${kdf.p})` +
            (report.removedTempFiles ? `, ${report.removedTempFiles} leftover temp file(s) removed.` : '.'),
        );
        return 0;
      }
    }
  } finally {
    vault.close();
  }
}

async function checkAudited(vault: FileVault) {
  try {
    const report = await vault.check();
    await vault.audit('check', null, 'success');
    return report;
  } catch (error) {
    await vault.audit('check', null, 'failure', isUserError(error) ? error.message : 'internal error');
    throw error;
  }
}

async function list(vault: FileVault, ctx: Ctx): Promise<number> {
  const { applications } = await vault.readState();
  const rows = [...applications.values()].map(({ definition, fieldsSet }) => ({
    applicationId: definition.applicationId,
    friendlyName: definition.friendlyName,
    type: definition.type,
    fields: definition.fields.map((f) => ({ ...f, set: fieldsSet.includes(f.name) })),
    administrators: definition.administrators.length,
    members: definition.members.length,
  }));
  if (ctx.options.json) {
    ctx.io.stdout.write(`${JSON.stringify({ vault: vault.path, ...vault.header(), applications: rows }, null, 2)}\n`);
  } else {
    for (const row of rows) {
      const set = row.fields.filter((f) => f.set).length;
      ctx.io.stdout.write(`${visible(row.applicationId)}\t${visible(row.friendlyName ?? '')}\t${row.type}\tcredentials ${set}/${row.fields.length}\n`);
    }
    ctx.io.stderr.write(`${rows.length} application(s) in ${visible(vault.path)}\n`);
  }
  return 0;
}

async function show(vault: FileVault, ctx: Ctx, appId: string): Promise<number> {
  const app = (await vault.readState()).applications.get(appId);
  if (!app) throw new UsageError(`no application ${JSON.stringify(appId)} in ${vault.path}`);
  const shown = { ...app.definition, fields: app.definition.fields.map((f) => ({ ...f, set: app.fieldsSet.includes(f.name) })) };
  if (ctx.options.json) {
    ctx.io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } else {
    const d = app.definition;
    const claims = (cs: typeof d.members) => cs.map((c) => visible(c.encodedClaim ?? c.claimValue ?? '?')).join(', ') || '(none)';
    const lines = [
      `Application ${visible(d.applicationId)} (${d.type})`,
      `  name: ${visible(d.name)}`,
      `  friendly name: ${visible(d.friendlyName ?? '')}`,
      `  contact e-mail: ${visible(d.contactEmail ?? '')}`,
      `  credential management URL: ${visible(d.credentialManagementUrl ?? '')}`,
      `  administrators: ${claims(d.administrators)}`,
      `  members: ${claims(d.members)}`,
      ...shown.fields.map((f) => `  field ${visible(f.name)} (${visible(f.type)}${f.masked ? ', masked' : ''}): ${f.set ? 'value set' : 'no value'}`),
    ];
    ctx.io.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

async function audit(ctx: Ctx): Promise<number> {
  const { io, options, vaultPath } = ctx;
  const auditPath = auditPathFor(vaultPath);
  if (!(await stat(vaultPath).then((s) => s.isFile(), () => false))) throw new UsageError(`${vaultPath}: no vault here (farmscan vault init --vault <path> creates one)`);
  if (options.purge && options.verify) throw new UsageError('vault audit takes --purge or --verify, not both');
  if (options.purge || options.verify) {
    // Purging removes evidence and verifying needs the chain's key: only someone who can open the vault.
    const passphrase = await readPassphrase(io, { variable: PASSPHRASE_VARIABLE, label: 'Vault pass phrase' });
    const vault = await openFileVault(vaultPath, passphrase, openOptions(ctx, options.purge ? 'vault audit --purge' : 'vault audit --verify'));
    try {
      return options.purge ? await purge(vault, ctx) : await verify(vault, ctx);
    } finally {
      vault.close();
    }
  }
  const { entries, unreadable } = await readAuditEntries(auditPath);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ auditLog: auditPath, entries, unreadable }, null, 2)}\n`);
  } else {
    for (const e of entries) {
      const why = e.reason ? `\t${visible(e.reason)}` : '';
      io.stdout.write(`${e.time}\t${visible(e.action)}\t${visible(e.application ?? '-')}\t${visible(e.user)}\t${e.outcome}${why}\n`);
    }
    if (unreadable) io.stderr.write(`${unreadable} unreadable line(s) in ${visible(auditPath)} skipped\n`);
  }
  return 0;
}

async function purge(vault: FileVault, ctx: Ctx): Promise<number> {
  const days = ctx.options.purgeDays ?? vault.header().auditPurgeDays;
  if (!Number.isSafeInteger(days) || days < 0) throw new UsageError(`--purge-days must be a whole number of days, not ${ctx.options.purgeDays}`);
  const cutoff = new Date(ctx.io.now().getTime() - days * 24 * 60 * 60 * 1000);
  const { removed, kept } = await vault.purgeAudit(cutoff, (n) => `removed ${n} entries older than ${days} days`);
  print(ctx, { removed, kept, days }, `Removed ${removed} audit entries older than ${days} days; ${kept} kept.`);
  return 0;
}

async function verify(vault: FileVault, ctx: Ctx): Promise<number> {
  let report: ChainReport & { restoredHead: boolean };
  try {
    report = await vault.verifyAudit();
  } catch (error) {
    if (!(error instanceof ChainBroken)) throw error;
    if (ctx.options.json) ctx.io.stdout.write(`${JSON.stringify({ vault: ctx.vaultPath, auditLog: vault.auditPath, verified: false, problem: error.message })}\n`);
    ctx.io.stderr.write(`farmscan: ${visible(vault.auditPath)}: the audit chain is broken: ${visible(error.message)}\n`);
    return 1;
  }
  print(ctx, { auditLog: vault.auditPath, verified: true, ...report }, describeChain(report));
  return 0;
}

function describeChain(r: ChainReport & { restoredHead: boolean }): string {
  const range = r.first === null || r.last === null ? 'no chained entries yet' : `entries #${r.first}–#${r.last}`;
  const parts = [`${r.current} by their MAC under the current key`];
  if (r.earlier) parts.push(`${r.earlier} of earlier key versions by their links`);
  if (r.unauthenticated) parts.push(`${r.unauthenticated} failed open(s) without a MAC by the entry after them`);
  const notes = [];
  if (r.restoredHead) notes.push("the entry of the vault's last change was missing from the end of the log (a run cut off between its change and the append, or a cut) and was restored from the vault's copy");
  if (r.beforeAnchor) notes.push(`${r.beforeAnchor} line(s) before the chain's anchor (written before the chain existed, or left by an interrupted purge) are not covered`);
  if (r.afterHead) notes.push(`the last ${r.afterHead} entr${r.afterHead === 1 ? 'y follows' : 'ies follow'} the vault's last change: cutting them off the end could not be seen`);
  return [`Audit chain verified: ${range}; ${parts.join(', ')}.`, ...notes.map((n) => `Note: ${n}.`)].join('\n');
}

function print(ctx: Ctx, json: object, human: string): void {
  if (ctx.options.json) ctx.io.stdout.write(`${JSON.stringify({ vault: ctx.vaultPath, ...json })}\n`);
  else ctx.io.stdout.write(`${human}\n`);
}
