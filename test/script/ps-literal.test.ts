import { psBool, psEnum, psInteger, psString } from '../../src/script/ps-literal.js';
import { decodeCp1252 } from './cp1252.js';
import { HOSTILE } from './hostile.js';
import { evaluate, stringValues, textOutsideLiterals, tokenize } from './ps-tokenizer.js';

describe('psString', () => {
  test.each(HOSTILE.map((s) => [JSON.stringify(s), s]))('%s decodes to exactly the original', (_label, value) => {
    const expression = psString(value);
    expect(evaluate(expression)).toBe(value);
    // Printable ASCII only, one line: survives any code page and any line-end conversion.
    expect(expression).toMatch(/^[\x20-\x7e]*$/);
    // As an argument in a command line, nothing but the literal.
    const tokens = tokenize(`Write-Output ${expression} -Verbose`);
    expect(stringValues(tokens)).toEqual([value]);
    expect(textOutsideLiterals(tokens)).not.toMatch(/PWNED|Start-Process/i);
  });

  test('the documented shapes', () => {
    expect(psString('abc')).toBe("'abc'");
    expect(psString("O'Brien")).toBe("'O''Brien'");
    expect(psString('Pe\u00f1a')).toBe("('Pe' + [char]0x00F1 + 'a')");
    expect(psString('\u00f1')).toBe("('' + [char]0x00F1)");
    expect(psString('\ud83d\udd10')).toBe("('' + [char]0xD83D + [char]0xDD10)");
    expect(psString('')).toBe("''");
  });

  test('every single-quote kind is doubled by the tokenizer rule, not dropped', () => {
    expect(evaluate("'a''b'")).toBe("a'b");
    expect(evaluate("'a\u2019\u2019b'")).toBe('a\u2019b');
    expect(evaluate("'a'\u2018b'")).toBe('a\u2018b');
  });
});

describe('the test oracle catches what it must (else these tests could not fail)', () => {
  const naive = (value: string) => `'${value.replace(/'/g, "''")}'`;

  test('a literal that doubles only U+0027 lets a U+2019 payload out', () => {
    const tokens = tokenize(`Write-Output ${naive('x\u2019; Start-Process PWNED.exe; \u2018')}`);
    expect(textOutsideLiterals(tokens)).toMatch(/Start-Process PWNED/);
  });

  test('a raw UTF-8 literal read as cp1252 (no BOM) lets the payload out', () => {
    const fiveQuotes = (value: string) => `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
    const bytes = Buffer.from(`Write-Output ${fiveQuotes('Q\u00d1;Start-Process PWNED.exe;#')}\r\n`, 'utf8');
    const asUtf8 = tokenize(bytes.toString('utf8'));
    expect(textOutsideLiterals(asUtf8)).not.toMatch(/PWNED/);
    const asCp1252 = tokenize(decodeCp1252(bytes));
    expect(textOutsideLiterals(asCp1252)).toMatch(/Start-Process PWNED/);
  });

  test('evaluate refuses anything but a literal expression', () => {
    expect(() => evaluate("'a' + $x")).toThrow(/not a literal expression/);
    expect(() => evaluate("('a' + [char]0x0041); calc")).toThrow(/not a literal expression/);
    expect(() => evaluate('"a"')).toThrow(/not a literal expression/);
  });
});

describe('non-string values go through allow-lists and integer parses', () => {
  test('psEnum', () => {
    expect(psEnum('WindowsPassword', ['WindowsPassword', 'Pin'])).toBe('WindowsPassword');
    expect(() => psEnum('Password; Start-Process calc', ['Password; Start-Process calc'])).toThrow();
    expect(() => psEnum('Pin', ['WindowsPassword'])).toThrow();
  });

  test('psInteger and psBool', () => {
    expect(psInteger(30)).toBe('30');
    expect(psInteger(-5)).toBe('-5');
    expect(() => psInteger(1.5)).toThrow();
    expect(() => psInteger(Number.NaN)).toThrow();
    expect(() => psInteger('5; calc' as unknown as number)).toThrow();
    expect(psBool(true)).toBe('$true');
    expect(() => psBool('true' as unknown as boolean)).toThrow();
  });
});
