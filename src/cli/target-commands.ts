// `farmscan replay`, `script` and `vault`: thin yargs shells over src/replay, src/script and src/vault.
import type { Argv } from 'yargs';
import { runReplayCommand } from '../replay/command.js';
import { runScriptCommand } from '../script/command.js';
import { runVaultCommand, type VaultSubcommand } from '../vault/commands.js';
import type { CliIO } from './io.js';

export function registerReplay(cli: Argv, io: CliIO, done: (code: number) => void): Argv {
  return cli.command(
    'replay <plan>',
    'apply a remediation plan to a target vault: only what is missing, never overwriting silently',
    (y) =>
      y
        .positional('plan', { type: 'string', demandOption: true, describe: 'remediation-plan.json written by farmscan scan' })
        .option('target', { type: 'string', demandOption: true, describe: 'the target vault, e.g. file:target.ssv' })
        .option('credentials', {
          type: 'string',
          // Without nargs yargs takes a lone `-` for a positional, not this option's value.
          nargs: 1,
          describe: 'JSON file { "<ApplicationId>": { "<Field Name>": "<value>" } }, or - to read it from standard input; without it, the JSON in FARMSCAN_CREDENTIALS when set',
        })
        .option('decisions', { type: 'string', describe: 'decisions.json settling the steps that need a decision' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'print the difference and write nothing' })
        .option('force', { type: 'string', array: true, describe: 'replace this existing, different application (repeatable)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the counts as JSON on stdout' })
        .option('lock-wait', { type: 'number', describe: 'seconds to wait while another run holds the vault (default 30)' }),
    async (args) => {
      done(
        await runReplayCommand(
          {
            planPath: args.plan as string,
            target: args.target as string,
            credentialsPath: args.credentials,
            decisionsPath: args.decisions,
            dryRun: args['dry-run'],
            force: args.force ?? [],
            json: args.json,
            lockWaitSeconds: args['lock-wait'],
          },
          io,
        ),
      );
    },
  );
}

export function registerScript(cli: Argv, io: CliIO, done: (code: number) => void): Argv {
  return cli.command(
    'script <plan>',
    'render the plan as a PowerShell script for a SharePoint Server target farm',
    (y) =>
      y
        .positional('plan', { type: 'string', demandOption: true, describe: 'remediation-plan.json written by farmscan scan' })
        .option('decisions', { type: 'string', describe: 'decisions.json settling the steps that need a decision' })
        .option('out', { type: 'string', default: 'remediation.ps1', describe: 'the script to write (UTF-8 with BOM)' }),
    async (args) => {
      done(await runScriptCommand({ planPath: args.plan as string, decisionsPath: args.decisions, outPath: args.out }, io));
    },
  );
}

const VAULT_SUBCOMMANDS: readonly VaultSubcommand[] = ['init', 'list', 'show', 'check', 'rotate-key', 'refresh-key', 'audit'];

export function registerVault(cli: Argv, io: CliIO, done: (code: number) => void): Argv {
  return cli.command(
    'vault <action> [app-id]',
    'manage the embedded target vault: init, list, show <appId>, check, rotate-key, refresh-key, audit',
    (y) =>
      y
        .positional('action', { choices: VAULT_SUBCOMMANDS, demandOption: true })
        .positional('app-id', { type: 'string', describe: 'the application, for show' })
        .option('vault', { type: 'string', demandOption: true, describe: 'the vault file (or file:<path>)' })
        .option('json', { type: 'boolean', default: false, describe: 'machine-readable output' })
        .option('purge', { type: 'boolean', default: false, describe: 'with audit: remove entries older than the purge age' })
        .option('purge-days', { type: 'number', describe: 'with audit --purge: the purge age in days (default: the vault setting, 30)' })
        .option('verify', { type: 'boolean', default: false, describe: 'with audit: check the HMAC chain, name the first entry changed, removed, inserted or reordered' })
        .option('lock-wait', { type: 'number', describe: 'seconds to wait while another run holds the vault (default 30)' }),
    async (args) => {
      done(
        await runVaultCommand(
          args.action as VaultSubcommand,
          {
            vault: args.vault,
            appId: args['app-id'],
            json: args.json,
            purge: args.purge,
            purgeDays: args['purge-days'],
            verify: args.verify,
            lockWaitSeconds: args['lock-wait'],
          },
          io,
        ),
      );
    },
  );
}
