import { interpolate } from '../../src/scan/to-finding.js';

describe('message templates', () => {
  test.each([
    ['Site {{url}} is locked ({{ state }}).', { url: 'https://a', state: 'ReadOnly' }, 'Site https://a is locked (ReadOnly).'],
    ['{{a}}{{a}}-{{b}}', { a: 1, b: false }, '11-false'],
    ['no placeholders', {}, 'no placeholders'],
    ['{{missing}} stays, {{known}} goes', { known: 'x' }, '{{missing}} stays, x goes'],
    ['{{toString}} is not inherited', {}, '{{toString}} is not inherited'],
    ['{{v}}', { v: '{{v}} $& $1' }, '{{v}} $& $1'],
  ])('%s', (template, data, expected) => {
    expect(interpolate(template, data)).toBe(expected);
    expect(interpolate(template, data)).toBe(expected); // once compiled, the same
  });
});
