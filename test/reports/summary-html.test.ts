import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { csvPartNames } from '../../reports/excel-safe-csv.js';
import { more } from '../../reports/summary-html-parts.js';
import { runCli } from '../helpers/cli.js';
import { customObject, exporterApp, i32, nil, objs, s, site, tempDir, writeClixml } from '../helpers/clixml.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs chromium (.ci/run): there a missing browser is a failure, elsewhere the browser test is skipped.
const browserTest = existsSync(CHROMIUM) || process.env.CI ? test : test.skip;

// Hostile values as they arrive from the export (XML-escaped in the file, raw once read).
const SCRIPT_ID = "<script>document.title='pwned'</script>";
const IMG_NAME = '<img src=x onerror=alert(1)>';
const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function app(id: string, type: string, options: { friendlyName?: string; page?: string } = {}): string {
  const xml = exporterApp({ id: xmlText(id), type, friendlyName: options.friendlyName && xmlText(options.friendlyName) });
  return options.page === undefined ? xml : xml.replace(nil('CredentialManagementUrl'), s('CredentialManagementUrl', xmlText(options.page)));
}

const mapping = (property: string, instance: string | null) =>
  customObject(
    s('ConnectionName', instance ? 'HR Employee Data' : 'Contoso AD') +
      s('ConnectionType', instance ? 'BusinessDataCatalog' : 'ActiveDirectory') +
      s('PropertyName', property) +
      s('PropertyDisplayName', property) +
      s('PropertyMapping', property) +
      s('Direction', 'Import') +
      i32('PropertyLength', 50) +
      i32('PropertyUsage', 10) +
      (instance === null ? nil('LobSystemInstance') : s('LobSystemInstance', instance)),
  );

async function hostileExport(): Promise<string> {
  const dir = await tempDir('farmscan-summary-html-');
  await writeClixml(
    path.join(dir, 'apps.xml'),
    objs(
      app(SCRIPT_ID, 'Individual', { friendlyName: IMG_NAME, page: 'javascript:alert(1)' }) +
        app('Finance', 'Individual', { page: 'https://intranet.contoso.com/_layouts/SecureStoreSetCredentials.aspx?TargetAppId=Finance' }) +
        app('Share', 'RestrictedIndividual', { page: 'file://attacker/share' }) +
        app('HRPayrollDB', 'Group') +
        app('Excel', 'RestrictedGroup') +
        app('Teleport', 'Teleport'),
    ),
    'utf16le',
  );
  const noAccess = Array.from({ length: 60 }, (_, i) => site({ url: `https://intranet.contoso.com/sites/closed-${String(i).padStart(2, '0')}`, readLocked: true }));
  await writeClixml(
    path.join(dir, 'sites.xml'),
    objs(
      [
        ...noAccess,
        site({ url: '\\\\attacker\\share\\site', readLocked: true, lockIssue: xmlText('<b>held</b>') }),
        site({ url: 'https://intranet.contoso.com/sites/board', readLocked: null }),
        site({ url: 'https://intranet.contoso.com/sites/archive', readLocked: false, readOnly: true }),
        site({ url: 'https://intranet.contoso.com/sites/a', readLocked: false }),
        site({ url: 'https://intranet.contoso.com/sites/b', readLocked: false }),
        site({ url: 'https://intranet.contoso.com/sites/c', readLocked: false }),
      ].join(''),
    ),
  );
  await writeClixml(
    path.join(dir, 'profiles.xml'),
    objs(
      customObject(s('LobSystem', 'HR') + s('Name', 'HRSystemInstance') + s('SsoApplicationId', 'HRPayrollDB') + nil('SecondarySsoApplicationId')) +
        mapping('SPS-PhoneticFirstName', null) +
        mapping('EmployeeID', 'HRSystemInstance') +
        mapping('CostCenter', 'HRSystemInstance'),
    ),
  );
  await writeFile(path.join(dir, 'broken.xml'), '<Objs><Obj');
  return dir;
}

/** The DOM after Chromium has loaded and rendered the page (and run any script, had there been one). */
async function renderedDom(file: string): Promise<string> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed (CI installs it in .ci/run)`);
  const profile = await mkdtemp(path.join(os.tmpdir(), 'farmscan-chromium-'));
  try {
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
    const { stdout } = await promisify(execFile)(CHROMIUM, [...flags, `--user-data-dir=${profile}`, '--dump-dom', pathToFileURL(file).href], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** The number shown in the element with data-key=`key`. */
function shown(html: string, key: string): number {
  const match = new RegExp(`data-key="${key}">([0-9,]+)<`).exec(html);
  if (!match) throw new Error(`no count ${key} in the page`);
  return Number(match[1].replace(/,/g, ''));
}

browserTest('summary.html in headless Chromium: blockers first, key numbers, hostile names as text', async () => {
  const dir = await hostileExport();
  const out = path.join(dir, 'out');
  const run = await runCli(['scan', dir, '--out', out, '--scan-id', 'x', '--scan-time', '2026-11-23T10:00:00Z']);
  expect(run.code).toBe(2);
  const dom = await renderedDom(path.join(out, 'summary.html'));

  // The injected script neither exists nor ran; the names show as text.
  expect(dom).toContain('<title>farmscan summary x</title>');
  expect(dom).not.toMatch(/<script|<img|<b>/i);
  expect(dom).toContain("&lt;script&gt;document.title='pwned'&lt;/script&gt;");
  expect(dom).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(dom).toContain('&lt;b&gt;held&lt;/b&gt;');
  // Links only for http(s), each with rel=noopener noreferrer; javascript:, file: and UNC stay text.
  const links = [...dom.matchAll(/<a ([^>]*)>/g)].map((m) => m[1]);
  expect(links.length).toBeGreaterThan(50);
  for (const attributes of links) expect(attributes).toMatch(/^href="https:\/\/[^"]*" rel="noopener noreferrer"$/);
  expect(dom).toContain('javascript:alert(1)');
  expect(dom).toContain('file://attacker/share');
  expect(dom).toContain('\\\\attacker\\share\\site');

  // Header and key numbers.
  expect(dom).toContain('data-key="Target platform">SharePoint Server Subscription Edition<');
  expect(shown(dom, 'tile-redesign')).toBe(3);
  expect(shown(dom, 'redesign')).toBe(3);
  expect(shown(dom, 'unknown-type')).toBe(1);
  expect(shown(dom, 'tile-noaccess')).toBe(61);
  expect(shown(dom, 'noaccess')).toBe(61);
  expect(shown(dom, 'unknown-lock')).toBe(1);
  expect(shown(dom, 'lock-NoAccess')).toBe(61);
  expect(shown(dom, 'lock-ReadOnly')).toBe(1);
  expect(shown(dom, 'lock-NoAdditions')).toBe(0);
  expect(shown(dom, 'lock-Unknown')).toBe(1);
  expect(shown(dom, 'lock-Unlock')).toBe(3);
  expect(shown(dom, 'type-Individual')).toBe(2);
  expect(shown(dom, 'type-Teleport')).toBe(1);
  expect(shown(dom, 'class-convert')).toBe(1);
  expect(shown(dom, 'class-compatible')).toBe(1);
  expect(shown(dom, 'profile-apps')).toBe(1);
  expect(shown(dom, 'noise')).toBe(1);
  expect(shown(dom, 'coverage-files-seen')).toBe(4);
  expect(shown(dom, 'coverage-files-failed')).toBe(1);
  expect(shown(dom, 'tile-failed')).toBe(1);
  // No Access sites: the first 50 listed, then how many more.
  const blockers = dom.slice(dom.indexOf('data-key="noaccess"'), dom.indexOf('data-key="unknown-lock"'));
  expect(blockers.match(/<tr>/g)).toHaveLength(1 + 50);
  expect(blockers).toContain('… and 11 more');
  // Blockers come before the counts.
  expect(dom.indexOf('id="blockers"')).toBeLessThan(dom.indexOf('id="applications"'));
  expect(dom).toMatch(/EmployeeID|CostCenter/);
});

test('Microsoft 365 target: named in the header, and every classified application needs a redesign', async () => {
  const dir = await hostileExport();
  const out = path.join(dir, 'out');
  await runCli(['scan', dir, '--out', out, '--scan-id', 'm', '--target-platform', 'm365']);
  const html = await readFile(path.join(out, 'summary.html'), 'utf8');
  expect(html).toContain('data-key="Target platform">Microsoft 365<');
  expect(shown(html, 'tile-redesign')).toBe(5);
  expect(shown(html, 'class-convert')).toBe(0);
  expect(html).toContain('Microsoft 365 has no Secure Store');
});

describe('summary list endings', () => {
  test('a list cut short names every part of a report split past the sheet limit', () => {
    expect(more(50, 50, ['x.csv'])).toBe('');
    expect(more(50, 60, csvPartNames('ScannerReports/LockedSites-detail.csv', 60))).toBe(
      '<p class="more">… and 10 more (all of them in <code>ScannerReports/LockedSites-detail.csv</code>).</p>',
    );
    expect(more(50, 2_100_000, csvPartNames('ScannerReports/SiteLocks-detail.csv', 2_100_000))).toBe(
      '<p class="more">… and 2,099,950 more (all of them in <code>ScannerReports/SiteLocks-detail.csv</code>, ' +
        '<code>ScannerReports/SiteLocks-detail-2.csv</code> and <code>ScannerReports/SiteLocks-detail-3.csv</code>).</p>',
    );
  });
});
