// ESLint's checkRuleFiles, for scanners: every built-in scanner file has a registry entry, a test and a README row.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInScanners } from '../../scanners/index.js';
import { scannerProblem } from '../../src/scan/load-scanners.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('each scanners/<id>.ts is registered under its id, tested, and has a README row', async () => {
  const files = (await readdir(path.join(root, 'scanners'))).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
  const ids = files.map((f) => f.replace(/\.ts$/, ''));
  const readme = await readFile(path.join(root, 'README.md'), 'utf8');
  const tests = await readdir(path.join(root, 'test', 'scanners'));
  const problems: string[] = [];
  for (const id of ids) {
    if (!builtInScanners.some((s) => s.id === id)) problems.push(`scanners/${id}.ts: add it to builtInScanners in scanners/index.ts (its id must be "${id}")`);
    if (!tests.includes(`${id}.test.ts`)) problems.push(`scanners/${id}.ts: add test/scanners/${id}.test.ts`);
    if (!new RegExp(`^\\|\\s*\`${id}\`\\s*\\|`, 'm').test(readme)) problems.push(`scanners/${id}.ts: add a row "| \`${id}\` | … |" to the scanner table in README.md`);
  }
  for (const scanner of builtInScanners) {
    if (!ids.includes(scanner.id)) problems.push(`builtInScanners has "${scanner.id}" but there is no scanners/${scanner.id}.ts`);
    const problem = scannerProblem(scanner);
    if (problem) problems.push(`${scanner.id}: ${problem}`);
  }
  expect(problems).toEqual([]);
});
