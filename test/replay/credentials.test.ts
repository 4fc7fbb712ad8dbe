// The credentials file: Maps (ids may be "__proto__"), errors by name and position, never a value.
import { InputError } from '../../src/errors.js';
import { parseCredentials } from '../../src/replay/credentials.js';

describe('credentials file', () => {
  test('parses into Maps, __proto__ included', () => {
    const creds = parseCredentials('{"__proto__": {"__proto__": "v1", "constructor": "v2"}, "A": {"F": "v3"}}', 'c.json');
    expect([...creds.keys()]).toEqual(['__proto__', 'A']);
    expect(creds.get('__proto__')!.get('__proto__')).toBe('v1');
    expect(creds.get('__proto__')!.get('constructor')).toBe('v2');
  });

  test('a syntax error gives a position, not the text around it', () => {
    let error: unknown;
    try {
      parseCredentials('{\n  "A": {"F": "hunter2-secret" x}\n}', 'c.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).line).toBe(2);
    expect((error as InputError).message).not.toContain('hunter2');
  });

  test.each([
    ['[]', /must be a JSON object/],
    ['{"A": "flat-secret"}', /application "A": must be an object/],
    ['{"A": {"F": 42}}', /application "A", field "F": the value must be a non-empty string/],
    ['{"A": {"F": ""}}', /the value must be a non-empty string/],
  ])('%s is refused', (text, message) => {
    expect(() => parseCredentials(text, 'c.json')).toThrow(message);
    try {
      parseCredentials(text, 'c.json');
    } catch (e) {
      expect((e as Error).message).not.toContain('flat-secret');
    }
  });
});

test('credentials and decisions written by Windows PowerShell (UTF-16 LE with BOM) read like UTF-8 ones', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  const { loadCredentials } = await import('../../src/replay/credentials.js');
  const { loadDecisions } = await import('../../src/plan/load.js');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'farmscan-utf16-'));
  const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  await writeFile(path.join(dir, 'c.json'), utf16('{ "Zürich": { "Kennwort": "x" } }'));
  await writeFile(path.join(dir, 'd.json'), utf16('{ "schemaVersion": 1, "decisions": [{ "applicationId": "Zürich", "action": "skip" }] }'));
  expect((await loadCredentials('c.json', dir)).get('Zürich')?.get('Kennwort')).toBe('x');
  expect((await loadDecisions('d.json', { cwd: dir })).decisions[0].applicationId).toBe('Zürich');
});
