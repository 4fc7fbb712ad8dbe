import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { APPS_FILE, generateExport, SITES_FILE } from '../../bench/generate.js';
import { lockStateOf, readObjects } from './read-generated.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'farmscan-generate-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const small = { sites: 1500, apps: 40 } as const;

describe('generateExport', () => {
  test('the same options give the same bytes; another seed gives other bytes', async () => {
    const a = await generateExport(path.join(tmp, 'a'), { ...small, encoding: 'utf8', seed: 7 });
    const b = await generateExport(path.join(tmp, 'b'), { ...small, encoding: 'utf8', seed: 7 });
    const c = await generateExport(path.join(tmp, 'c'), { ...small, encoding: 'utf8', seed: 8 });
    for (let i = 0; i < a.files.length; i++) {
      expect((await readFile(a.files[i])).equals(await readFile(b.files[i]))).toBe(true);
      expect((await readFile(a.files[i])).equals(await readFile(c.files[i]))).toBe(false);
    }
  });

  test('writes both files, reports their total size, and counts what it wrote', async () => {
    const dir = path.join(tmp, 'counts');
    const result = await generateExport(dir, { ...small, encoding: 'utf8' });
    expect(result.files).toEqual([path.join(dir, SITES_FILE), path.join(dir, APPS_FILE)]);
    const sizes = await Promise.all(result.files.map(async (f) => (await stat(f)).size));
    expect(result.bytes).toBe(sizes[0] + sizes[1]);

    const sites = await readObjects(result.files[0]);
    expect(sites).toHaveLength(small.sites);
    const lockStates: Record<string, number> = {};
    for (const site of sites) lockStates[lockStateOf(site)] = (lockStates[lockStateOf(site)] ?? 0) + 1;
    expect(lockStates).toEqual(result.counts.lockStates);
    // Every state occurs, and the locked ones are a few percent each.
    for (const [state, count] of Object.entries(result.counts.lockStates)) {
      expect(count).toBeGreaterThan(0);
      if (state !== 'Unlock') expect(count).toBeLessThan(small.sites * 0.06);
    }

    const apps = await readObjects(result.files[1]);
    expect(apps).toHaveLength(small.apps);
    const types: Record<string, number> = {};
    for (const app of apps) types[app.get('Type')!] = (types[app.get('Type')!] ?? 0) + 1;
    expect(types).toEqual(result.counts.appTypes);
    expect(Object.keys(types).sort()).toEqual(
      ['Group', 'GroupWithTicketing', 'Individual', 'IndividualWithTicketing', 'RestrictedGroup', 'RestrictedIndividual'],
    );
  });

  test('writes Export-Clixml layout: root, TN then TNRef, CRLF only, no BOM in UTF-8', async () => {
    const { files } = await generateExport(path.join(tmp, 'layout'), { sites: 3, apps: 1, encoding: 'utf8' });
    const bytes = await readFile(files[0]);
    expect(bytes[0]).toBe(0x3c); // '<', no BOM
    const text = bytes.toString('utf8');
    expect(text.startsWith('<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">\r\n  <Obj RefId="0">\r\n    <TN RefId="0">\r\n      <T>System.Management.Automation.PSCustomObject</T>\r\n')).toBe(true);
    expect(text).toContain('  <Obj RefId="1">\r\n    <TNRef RefId="0" />\r\n    <MS>\r\n      <G N="Id">');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.endsWith('</Objs>')).toBe(true);
    const apps = (await readFile(files[1])).toString('utf8');
    expect(apps).toContain(
      '<Obj N="Type" RefId="2">\r\n            <TN RefId="1">\r\n              <T>Microsoft.BusinessData.Infrastructure.SecureStore.TargetApplicationType</T>',
    );
  });

  test('puts entities, _xHHHH_ escapes and non-ASCII text in, and they read back as text', async () => {
    const { files } = await generateExport(path.join(tmp, 'hostile'), { sites: small.sites, apps: 8, encoding: 'utf8' });
    const raw = (await readFile(files[1])).toString('utf8');
    expect(raw).toContain('Finance &amp; HR &lt;EMEA&gt;');
    expect(raw).toContain('Line one_x000D__x000A_line two');
    expect(raw).toContain('_x005F_x0020_'); // a literal "_x0020_" escaped, as the serializer does
    const friendly = (await readObjects(files[1])).map((app) => app.get('FriendlyName'));
    expect(friendly).toEqual(expect.arrayContaining(['Finance & HR <EMEA>', 'Zürich Lohnbuchhaltung _xD83D__xDCCA_']));
    const urls = (await readObjects(files[0])).map((site) => site.get('Url'));
    expect(urls.some((url) => /é/.test(url!))).toBe(true);
  });

  test('UTF-16 LE starts with FF FE and holds the same text as the UTF-8 export', async () => {
    const utf8 = await generateExport(path.join(tmp, 'u8'), { sites: 200, apps: 10, encoding: 'utf8' });
    const utf16 = await generateExport(path.join(tmp, 'u16'), { sites: 200, apps: 10, encoding: 'utf16le' });
    for (let i = 0; i < 2; i++) {
      const bytes = await readFile(utf16.files[i]);
      expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
      const text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
      expect(text).toBe((await readFile(utf8.files[i])).toString('utf8'));
    }
    expect(await readObjects(utf16.files[0])).toHaveLength(200);
  });

  test('rejects a negative or fractional count', async () => {
    await expect(generateExport(path.join(tmp, 'bad'), { sites: -1, apps: 0, encoding: 'utf8' })).rejects.toThrow(/sites/);
    await expect(generateExport(path.join(tmp, 'bad'), { sites: 1, apps: 0.5, encoding: 'utf8' })).rejects.toThrow(/apps/);
  });
});
