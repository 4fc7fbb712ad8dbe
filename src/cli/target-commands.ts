// `farmscan replay`, `script` and `vault`: wired once src/replay, src/script and src/vault land.
import type { Argv } from 'yargs';
import type { CliIO } from './io.js';

export function registerReplay(cli: Argv, _io: CliIO, _done: (code: number) => void): Argv {
  return cli;
}
export function registerScript(cli: Argv, _io: CliIO, _done: (code: number) => void): Argv {
  return cli;
}
export function registerVault(cli: Argv, _io: CliIO, _done: (code: number) => void): Argv {
  return cli;
}
