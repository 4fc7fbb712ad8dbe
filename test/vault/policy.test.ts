// Secure Store's pass phrase rule at init and rotation; NFC normalisation.
import { checkPassphrasePolicy } from '../../src/vault/passphrase.js';
import { PASS, tempDir, vault } from './helpers.js';

describe('pass phrase policy', () => {
  test.each(['Abcdefg1', 'abcdefg1!', 'ABCDEFG1!', 'Abcdefgh!', 'Pässwörd-Ω1', 'aaaa BBBB 1'])('%j is accepted', (p) => {
    expect(() => checkPassphrasePolicy(p)).not.toThrow();
  });

  test.each(['Abcde1!', 'abcdefgh', 'abcdefgh1', 'ABCDEFGH!', '12345678!', 'abcdefgh€', ''])('%j is refused with the rule', (p) => {
    expect(() => checkPassphrasePolicy(p)).toThrow(/at least 8 characters and at least three of: upper case letters, lower case letters, digits, special characters/);
  });

  test('a weak pass phrase is refused at init, without echoing it, and no vault is written', async () => {
    const dir = await tempDir();
    const run = await vault('init', { vault: 'v.ssv' }, dir, { FARMSCAN_VAULT_PASSPHRASE: 'weakpass' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^farmscan: pass phrase refused: it needs at least 8 characters/);
    expect(run.stderr).not.toContain('weakpass');
    expect((await vault('list', { vault: 'v.ssv' }, dir)).stderr).toMatch(/no vault at/);
  });

  test('a weak new pass phrase is refused at rotation and the old one keeps working', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir);
    const run = await vault('rotate-key', { vault: 'v.ssv' }, dir, { FARMSCAN_VAULT_PASSPHRASE: PASS, FARMSCAN_NEW_VAULT_PASSPHRASE: 'short1A' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/pass phrase refused/);
    expect((await vault('check', { vault: 'v.ssv' }, dir)).code).toBe(0);
  });

  test('the same pass phrase typed as NFD (macOS) opens a vault made with NFC', async () => {
    const dir = await tempDir();
    const nfc = `Pässwörd-Ω1!`.normalize('NFC');
    await vault('init', { vault: 'v.ssv' }, dir, { FARMSCAN_VAULT_PASSPHRASE: nfc });
    const run = await vault('check', { vault: 'v.ssv' }, dir, { FARMSCAN_VAULT_PASSPHRASE: nfc.normalize('NFD') });
    expect(run.code).toBe(0);
  });
});
