import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { exporterApp, objs, tempDir, writeClixml } from '../helpers/clixml.js';

const CASES = [
  ['RestrictedGroup', 'compatible'],
  ['Group', 'convert'],
  ['GroupWithTicketing', 'convert'],
  ['Individual', 'redesign'],
  ['RestrictedIndividual', 'redesign'],
  ['IndividualWithTicketing', 'redesign'],
  ['Teleport', 'unknown'],
] as const;

test('classifies every application type, and every type is redesign for Microsoft 365', async () => {
  const dir = await tempDir();
  await writeClixml(path.join(dir, 'apps.xml'), objs(CASES.map(([type], i) => exporterApp({ id: `App${i}`, type })).join('')), 'utf16le');
  const server = JSON.parse((await runCli(['scan', dir, '--out', path.join(dir, 'o1'), '--json', '--quiet'])).stdout);
  expect(server.findings).toEqual({ 'secure-store/compatible': 1, 'secure-store/convert': 2, 'secure-store/redesign': 3, 'secure-store/unknown': 1 });
  const m365 = JSON.parse((await runCli(['scan', dir, '--out', path.join(dir, 'o2'), '--json', '--quiet', '--target-platform', 'm365'])).stdout);
  expect(m365.findings).toEqual({ 'secure-store/redesign': 6, 'secure-store/unknown': 1 });
});
