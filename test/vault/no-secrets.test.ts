// Nothing the vault, journal or audit log writes holds a credential value or a pass phrase: not in
// clear, not in base64 (any alignment), not in hex, not in UTF-16. Neither does anything printed.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { NEW_PASS, PASS, credentialsFor, plan, replay, secretFor, step, tempDir, vault, writeJson, type Run } from './helpers.js';

/** Encodings a careless writer might use; base64 at the three byte alignments a value can start at. */
function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [secret, bytes.toString('hex'), bytes.toString('hex').toUpperCase(), Buffer.from(secret, 'utf16le').toString('latin1'), encodeURIComponent(secret)];
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Drop the characters that depend on neighbouring bytes at either end.
    forms.push(b64.slice(Math.ceil((shift * 4) / 3) + 1, -4));
    forms.push(b64.slice(Math.ceil((shift * 4) / 3) + 1, -4).replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms.filter((f) => f.length >= 8);
}

describe('no secret in any file or output', () => {
  test('values and pass phrases never appear in the vault, journal, audit log, temp files or output', async () => {
    const dir = await tempDir();
    const steps = [step('HR-Payroll'), step('__proto__', {}, ['Key', 'Pin', 'Windows Password'])];
    const runs: Run[] = [];
    runs.push(await vault('init', { vault: 'v.ssv' }, dir));
    await writeJson(dir, 'plan.json', plan(steps));
    const credsDir = await tempDir(); // the operator's plaintext input lives elsewhere
    await writeJson(credsDir, 'creds.json', credentialsFor(steps));
    const credsPath = path.join(credsDir, 'creds.json');
    runs.push(await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: credsPath, json: true }, dir));
    runs.push(await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: credsPath, json: true }, dir));
    runs.push(await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: credsPath, dryRun: true }, dir));
    runs.push(await vault('check', { vault: 'v.ssv', json: true }, dir));
    runs.push(await vault('list', { vault: 'v.ssv', json: true }, dir));
    runs.push(await vault('show', { vault: 'v.ssv', appId: '__proto__' }, dir));
    runs.push(await vault('check', { vault: 'v.ssv' }, dir, { FARMSCAN_VAULT_PASSPHRASE: `${PASS}-wrong` }));
    runs.push(await vault('rotate-key', { vault: 'v.ssv' }, dir, { FARMSCAN_VAULT_PASSPHRASE: PASS, FARMSCAN_NEW_VAULT_PASSPHRASE: NEW_PASS }));
    runs.push(await vault('refresh-key', { vault: 'v.ssv' }, dir, { FARMSCAN_VAULT_PASSPHRASE: NEW_PASS }));
    runs.push(await vault('audit', { vault: 'v.ssv', purge: true }, dir, { FARMSCAN_VAULT_PASSPHRASE: NEW_PASS }));
    runs.push(await vault('audit', { vault: 'v.ssv' }, dir, {}));
    runs.push(await vault('audit', { vault: 'v.ssv', verify: true, json: true }, dir, { FARMSCAN_VAULT_PASSPHRASE: NEW_PASS }));
    runs.push(await vault('audit', { vault: 'v.ssv', verify: true }, dir, { FARMSCAN_VAULT_PASSPHRASE: `${PASS}-wrong` }));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);

    const secrets = [PASS, NEW_PASS, `${PASS}-wrong`, ...steps.flatMap((s) => s.definition.fields.map((f) => secretFor(s.applicationId, f.name)))];
    const files = (await readdir(dir)).filter((name) => name !== 'plan.json');
    expect(files.sort()).toEqual(['v.ssv', 'v.ssv.audit.jsonl', 'v.ssv.journal']);
    const texts = [
      ...(await Promise.all(files.map(async (name) => ({ where: name, text: (await readFile(path.join(dir, name))).toString('latin1') })))),
      ...runs.map((r, i) => ({ where: `run ${i}`, text: Buffer.from(r.stdout + r.stderr, 'utf8').toString('latin1') })),
    ];
    const found = texts.flatMap(({ where, text }) => secrets.flatMap((secret) => encodings(secret).filter((form) => text.includes(form)).map(() => where)));
    expect(found).toEqual([]);
    // The oracle works: the plaintext credentials file is caught by the same check.
    const input = (await readFile(credsPath)).toString('latin1');
    expect(secrets.slice(3).every((s) => encodings(s).some((form) => input.includes(form)))).toBe(true);
    expect(encodings(PASS).some((form) => Buffer.from(PASS).toString('base64').includes(form))).toBe(true);
  });
});
