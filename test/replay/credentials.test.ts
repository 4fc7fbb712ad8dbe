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
