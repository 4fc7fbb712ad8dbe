#!/usr/bin/env node
// Thin shell: everything happens in the library's main(), which returns the exit code.
import { main } from '../dist/src/cli/main.js';

const code = await main({
  argv: process.argv.slice(2),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  now: () => new Date(),
});
process.exitCode = code;
