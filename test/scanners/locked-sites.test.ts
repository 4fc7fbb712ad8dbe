import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readCsv } from '../helpers/csv.js';
import { objs, site, tempDir, writeClixml } from '../helpers/clixml.js';

// Every combination of REFERENCE.md §4's table, plus ReadLocked missing or null.
const SITES = [
  { url: 'https://x/sites/unlocked', readLocked: false, writeLocked: false, readOnly: false, state: 'Unlock' },
  { url: 'https://x/sites/noadditions', readLocked: false, writeLocked: true, readOnly: false, state: 'NoAdditions' },
  { url: 'https://x/sites/readonly', readLocked: false, writeLocked: true, readOnly: true, state: 'ReadOnly' },
  { url: 'https://x/sites/readonly-only', readLocked: false, writeLocked: false, readOnly: true, state: 'ReadOnly' },
  { url: 'https://x/sites/noaccess', readLocked: true, writeLocked: false, readOnly: false, state: 'NoAccess' },
  { url: 'https://x/sites/noaccess-all', readLocked: true, writeLocked: true, readOnly: true, state: 'NoAccess', lockIssue: 'Legal hold, "INC0042"' },
  { url: 'https://x/sites/null-readlocked', readLocked: null, writeLocked: false, readOnly: false, state: 'Unknown' },
  { url: 'https://x/sites/missing-readlocked', readLocked: undefined, writeLocked: false, readOnly: false, state: 'Unknown' },
  { url: 'https://x/sites/null-but-readonly', readLocked: null, writeLocked: true, readOnly: true, state: 'ReadOnly' },
] as const;

test('derives every lock state; LockedSites has only No Access sites; SiteLocks has every locked or unknown one', async () => {
  const dir = await tempDir();
  await writeClixml(path.join(dir, 'SiteCollections.xml'), objs(SITES.map((s, i) => site({ ...s, id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })).join('')));
  const out = path.join(dir, 'out');
  const run = await runCli(['scan', dir, '--out', out, '--scan-id', 'L']);
  expect(run.code).toBe(0);
  const locked = await readCsv(path.join(out, 'ScannerReports', 'LockedSites-detail.csv'));
  expect(locked.rows).toEqual([
    ['URL', 'ScanID'],
    ['https://x/sites/noaccess', 'L'],
    ['https://x/sites/noaccess-all', 'L'],
  ]);
  const siteLocks = await readCsv(path.join(out, 'ScannerReports', 'SiteLocks-detail.csv'));
  expect(siteLocks.rows[0]).toEqual(['SiteId', 'URL', 'LockState', 'LockIssue', 'MigrationImpact', 'ScanID']);
  expect(siteLocks.rows.slice(1).map((r) => [r[1], r[2]])).toEqual(SITES.filter((s) => s.state !== 'Unlock').map((s) => [s.url, s.state]));
  expect(siteLocks.rows.find((r) => r[1] === 'https://x/sites/noaccess-all')?.[3]).toBe('Legal hold, "INC0042"');
  expect(siteLocks.rows.find((r) => r[2] === 'Unknown')?.[4]).toMatch(/check this site on the farm/);
});
