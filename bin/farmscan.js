#!/usr/bin/env node
// Thin shell: everything happens in the library's main(), which returns the exit code.
import { main } from '../dist/src/cli/main.js';
import { capYoungGeneration } from '../dist/src/cli/young-generation.js';

// A scan keeps little for long: V8's young generation need not grow to its full size (young-generation.ts).
capYoungGeneration();

// Ctrl-C or a kill: leave through process.exit, whose listeners remove the scan's temp folder and any
// output still being written (a signal's default ends the process without them).
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15]]) process.once(signal, () => process.exit(128 + number));

const code = await main({
  argv: process.argv.slice(2),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  now: () => new Date(),
});
process.exitCode = code;
