import { findPointer, findSyntaxError, positionAt } from '../../src/plan/json-text.js';

describe('json-text', () => {
  test('positionAt counts LF, CRLF and CR line ends', () => {
    expect(positionAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(positionAt('ab\r\ncd', 5)).toEqual({ line: 2, column: 2 });
    expect(positionAt('ab\rcd', 3)).toEqual({ line: 2, column: 1 });
    expect(positionAt('abc', 0)).toEqual({ line: 1, column: 1 });
  });

  test.each([
    ['{"a": 1}', null],
    ['[1, -2.5e3, true, false, null, "x\\u00e9\\n"]', null],
    ['{"a": }', { offset: 6, message: 'expected a value, found something else' }],
    ['[1,2,]', { offset: 5, message: 'expected a value, found something else' }],
    ['{"a" 1}', { offset: 5, message: 'expected ":", found something else' }],
    ['{"a":1', { offset: 6, message: 'expected "," or "}", found end of file' }],
    ['"abc', { offset: 0, message: 'unterminated string' }],
    ['"a\nb"', { offset: 2, message: 'control character in a string (write it as \\n, \\t or \\u00XX)' }],
    ['"\\x"', { offset: 1, message: 'bad escape in a string' }],
    ['{} x', { offset: 3, message: 'unexpected text after the end of the JSON value' }],
    ['', { offset: 0, message: 'expected a value, found end of file' }],
    ['01', { offset: 1, message: 'unexpected text after the end of the JSON value' }],
  ])('findSyntaxError(%j)', (text, expected) => {
    expect(findSyntaxError(text)).toEqual(expected);
    // The locator and JSON.parse agree on what is valid.
    expect(expected === null).toBe((() => { try { JSON.parse(text); return true; } catch { return false; } })());
  });

  test('deep nesting is a syntax problem, not a stack overflow', () => {
    expect(findSyntaxError('['.repeat(100000))?.message).toBe('nested too deeply');
  });

  test('findPointer points at a member key, an element, or the nearest ancestor', () => {
    const text = '{\n  "a/b": [10, {"c~d": 2}],\n  "e": 1\n}';
    expect(findPointer(text, '/a~1b')).toBe(text.indexOf('"a/b"'));
    expect(findPointer(text, '/a~1b/1/c~0d')).toBe(text.indexOf('"c~d"'));
    expect(findPointer(text, '/a~1b/0')).toBe(text.indexOf('10'));
    expect(findPointer(text, '/e/missing')).toBe(text.indexOf('"e"'));
    expect(findPointer(text, '')).toBe(0);
  });
});
