// The production KDF: OWASP's scrypt floor holds on every open. Two real derivations (~0.9 s).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runVaultCommand } from '../../src/vault/commands.js';
import { DEFAULT_KDF_POLICY, checkKdfParams } from '../../src/vault/kdf.js';
import { PASS, captureIO, tempDir, vault } from './helpers.js';

async function realVault(sub: 'init' | 'check', dir: string) {
  const c = captureIO({ cwd: dir, env: { FARMSCAN_VAULT_PASSPHRASE: PASS } });
  const code = await runVaultCommand(sub, { vault: 'v.ssv', json: true }, c.io); // no test policy: production
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

describe('key derivation parameters', () => {
  test('the CLI writes scrypt N=2^17, r=8, p=1 with a 16-byte salt and opens it again', async () => {
    const dir = await tempDir();
    expect((await realVault('init', dir)).code).toBe(0);
    const header = JSON.parse(await readFile(path.join(dir, 'v.ssv'), 'utf8'));
    expect(header.kdf).toMatchObject({ name: 'scrypt', N: 131072, r: 8, p: 1 });
    expect(Buffer.from(header.kdf.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(header.wrappedKey.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(header.wrappedKey.tag, 'base64')).toHaveLength(16);
    expect((await realVault('check', dir)).code).toBe(0);
  });

  test('without a test policy, a header below the floor is refused before any derivation', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir); // N=2^10, as the unit tests use
    const run = await realVault('check', dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/scrypt parameters N=1024, r=8, p=1 are below the minimum N=131072, r=8, p=1; refusing to open/);
  });

  test.each([
    [{ N: 2 ** 30, r: 8, p: 1 }, /exceed the maximum/],
    [{ N: 2 ** 17, r: 64, p: 1 }, /exceed the maximum/],
    [{ N: 2 ** 17, r: 8, p: 64 }, /exceed the maximum/],
    [{ N: 2 ** 17, r: 0, p: 1 }, /invalid scrypt parameters/],
    [{ N: 131071, r: 8, p: 1 }, /invalid scrypt parameters/],
    [{ N: 2 ** 16, r: 8, p: 1 }, /below the minimum/],
    [{ N: 2 ** 17, r: 4, p: 1 }, /below the minimum/],
  ])('%o is refused', (params, message) => {
    expect(() => checkKdfParams(params, DEFAULT_KDF_POLICY, 'v.ssv')).toThrow(message);
  });

  test('an absurd N in the header is refused on open', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir);
    const file = path.join(dir, 'v.ssv');
    const header = JSON.parse(await readFile(file, 'utf8'));
    header.kdf.N = 2 ** 30;
    await writeFile(file, JSON.stringify(header));
    const run = await vault('check', { vault: 'v.ssv' }, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/exceed the maximum/);
  });
});
