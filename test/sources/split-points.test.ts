// Splitting a file at top-level objects (split-points.ts), the facts of the bytes before a split point
// (prefix-facts.ts), and reading one part (readClixmlFile with a FilePart): a part reads what a whole
// reading reads from that point, in UTF-8 and UTF-16 LE.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InputError } from '../../src/errors.js';
import { DEFAULT_LIMITS, readClixmlFile, type StopState, type TopLevelValue } from '../../src/sources/clixml-reader.js';
import { prefixFacts } from '../../src/sources/prefix-facts.js';
import { splitPoints } from '../../src/sources/split-points.js';
import { CLIXML_NS, tempDir, writeClixml } from '../helpers/clixml.js';

/** Export-Clixml's layout: one top-level object a few lines long, a `<TN>` defined late, hostile values. */
function document(objects: number): string {
  const lines = [`<Objs Version="1.1.0.1" xmlns="${CLIXML_NS}">`];
  for (let i = 0; i < objects; i++) {
    const type =
      i === 0
        ? '<TN RefId="0">\r\n      <T>System.Management.Automation.PSCustomObject</T>\r\n      <T>System.Object</T>\r\n    </TN>'
        : i === 7
          ? '<TN RefId="1">\r\n      <T>Microsoft.SharePoint_x002E_SPSite &amp; more</T>\r\n    </TN>'
          : `<TNRef RefId="${i > 7 && i % 2 === 0 ? 1 : 0}" />`;
    // U+010A and U+0A20 put a 0x0A byte that is no newline into the UTF-16 bytes, at an even and an odd offset.
    lines.push(`  <Obj RefId="${i}">\r\n    ${type}\r\n    <MS>\r\n      <S N="Url">https://contoso.example/sites/Ċ${i}ਠ</S>\r\n      <I32 N="N">${i}</I32>\r\n    </MS>\r\n  </Obj>`);
  }
  lines.push('</Objs>');
  return lines.join('\r\n');
}

const sample = (values: TopLevelValue[]) => values.map(({ value, line, column }) => ({ value: JSON.stringify(value, (_, v) => (v instanceof Map ? [...v] : v)), line, column }));

describe.each(['utf8', 'utf16le'] as const)('a file split in parts (%s)', (encoding) => {
  test('parts read from their split points give the whole reading, and the facts before each point are right', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'export.xml');
    const text = document(40);
    await writeClixml(file, text, encoding);
    const bytes = await readFile(file);

    const plan = (await splitPoints(file, bytes.length, 4))!;
    expect(plan.encoding).toBe(encoding === 'utf8' ? 'utf-8' : 'utf-16le');
    expect(plan.points).toHaveLength(3);
    const decoded = (from: number, to: number) => bytes.subarray(from, to).toString(encoding === 'utf8' ? 'utf8' : 'utf16le');
    for (const point of plan.points) expect(decoded(point, point + (encoding === 'utf8' ? 7 : 14))).toBe('  <Obj ');

    const whole: TopLevelValue[] = [];
    await readClixmlFile(file, 'export.xml', (v) => whole.push(v));

    const parts: TopLevelValue[][] = [];
    const starts = [0, ...plan.points];
    for (const [k, start] of starts.entries()) {
      const values: TopLevelValue[] = [];
      const facts = k === 0 ? null : prefixFacts(file, plan.encoding, start);
      if (facts !== null) {
        const before = decoded(0, start);
        expect(facts.line).toBe(before.split('\n').length);
        expect(facts.typeNames.map(([id]) => id)).toEqual(before.includes('<TN RefId="1">') ? ['0', '1'] : ['0']);
      }
      const stops: StopState[] = [];
      await readClixmlFile(file, 'export.xml', (v) => values.push(v), undefined, undefined, {
        start,
        resume: facts === null ? undefined : { encoding: plan.encoding, facts },
        stops: starts.slice(k + 1),
        onStop: async (state) => (stops.push(state), false),
      });
      if (k < starts.length - 1) {
        // Where this part stops is where the next one starts: the same facts, found by reading.
        expect(stops).toHaveLength(1);
        const next = prefixFacts(file, plan.encoding, starts[k + 1]);
        expect({ line: stops[0].line, typeNames: stops[0].typeNames, clean: stops[0].clean }).toEqual({ ...next, clean: true });
      }
      parts.push(values);
    }
    expect(parts.every((values) => values.length > 0)).toBe(true);
    // A later part that reads on past its split points reads the rest of the file as a whole reading does.
    const onward: TopLevelValue[] = [];
    const facts = prefixFacts(file, plan.encoding, starts[1])!;
    await readClixmlFile(file, 'export.xml', (v) => onward.push(v), undefined, undefined, {
      start: starts[1],
      resume: { encoding: plan.encoding, facts },
      stops: starts.slice(2),
      onStop: async () => true,
    });
    expect(sample(onward)).toEqual(sample(parts.slice(1).flat()));
    expect(sample(parts.flat())).toEqual(sample(whole));
    // The late type name reaches objects in later parts.
    expect(JSON.stringify(sample(parts[3]))).toContain('SPSite & more');
  });
});

test('a file with no top-level object lines where a split is wanted is not split', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'one-line.xml');
  await writeClixml(file, document(10).replace(/\r\n\s*/g, ''));
  expect(await splitPoints(file, (await readFile(file)).length, 2)).toBeNull();
});

describe('errors found where they are, however the reading is cut', () => {
  /** The error of reading `file` whole, and of reading it as parts that read on past every split point. */
  async function errorsOf(file: string, limits?: Parameters<typeof readClixmlFile>[3]) {
    const bytes = await readFile(file);
    const plan = (await splitPoints(file, bytes.length, 3))!;
    const errorOf = (run: () => Promise<unknown>) => run().then(() => null, (e: InputError) => `${e.line}:${e.column} ${e.message}`);
    const whole = await errorOf(() => readClixmlFile(file, 'f', () => {}, limits));
    const fromStart = await errorOf(() => readClixmlFile(file, 'f', () => {}, limits, undefined, { start: 0, stops: plan.points, onStop: async () => true }));
    const facts = prefixFacts(file, plan.encoding, plan.points[0])!;
    const resumed = await errorOf(() =>
      readClixmlFile(file, 'f', () => {}, limits, undefined, { start: plan.points[0], resume: { encoding: plan.encoding, facts }, stops: plan.points.slice(1), onStop: async () => true }),
    );
    return { whole, fromStart, resumed };
  }

  test('an invalid UTF-8 byte: at its own line and column', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'bad.xml');
    const text = document(60);
    const at = text.indexOf('Ċ45');
    const before = text.slice(0, at);
    await writeFile(file, Buffer.concat([Buffer.from(before), Buffer.from([0xff]), Buffer.from(text.slice(at))]));
    const where = `${before.split('\n').length}:${at - before.lastIndexOf('\n')}`;
    const { whole, fromStart, resumed } = await errorsOf(file);
    expect(whole).toBe(`${where} invalid UTF-8 byte sequence here (re-export with -Encoding UTF8 or -Encoding Unicode)`);
    expect(fromStart).toBe(whole);
    expect(resumed).toBe(whole);
  });

  test('a character cut short just before the "<" where a 64 KiB piece ends: at its own line and column', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'cut.xml');
    const head = `<Objs Version="1.1.0.1" xmlns="${CLIXML_NS}">\r\n  <Obj RefId="0">\r\n    <MS>\r\n      <S N="a">`;
    // The "<" of "</S>" is the last one before 64 KiB; spaces carry the next one past it.
    const filler = 'x'.repeat(65_530 - 1 - Buffer.byteLength(head));
    const tail = `</S>${' '.repeat(40)}<S N="b">y</S>\r\n    </MS>\r\n  </Obj>\r\n</Objs>`;
    await writeFile(file, Buffer.concat([Buffer.from(head + filler), Buffer.from([0xc3]), Buffer.from(tail)]));
    const error = await readClixmlFile(file, 'f', () => {}).then(() => null, (e: InputError) => `${e.line}:${e.column}`);
    expect(error).toBe(`4:${'      <S N="a">'.length + filler.length + 1}`);
  });

  test('a value that does not end is refused as it grows, before the rest of the file is read', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'endless.xml');
    const head = `<Objs Version="1.1.0.1" xmlns="${CLIXML_NS}">\r\n  <Obj RefId="0">\r\n    <MS>\r\n      <S N="a">`;
    // A bad byte 300 KB on: a reading that held the value to its end would stop there instead.
    await writeFile(file, Buffer.concat([Buffer.from(head + 'x'.repeat(300_000)), Buffer.from([0xff]), Buffer.from('</S></MS></Obj></Objs>')]));
    const limits = { ...DEFAULT_LIMITS, maxValueLength: 1000 };
    const error = await readClixmlFile(file, 'f', () => {}, limits).then(() => null, (e: InputError) => `${e.line}:${e.column} ${e.message}`);
    expect(error).toBe(`4:${'      <S N="a">'.length + 1} a <S> value is longer than 1000 characters`);
  });

  test('a value over the length limit: at the start of the value', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'long.xml');
    const long = Array.from({ length: 400 }, (_, i) => `line ${i}`).join('\r\n');
    const text = document(60).replace('https://contoso.example/sites/Ċ45ਠ', long);
    await writeClixml(file, text);
    const before = text.slice(0, text.indexOf(long));
    const where = `${before.split('\n').length}:${before.length - before.lastIndexOf('\n')}`;
    const { whole, fromStart, resumed } = await errorsOf(file, { ...DEFAULT_LIMITS, maxValueLength: 1000 });
    expect(whole).toBe(`${where} a <S> value is longer than 1000 characters`);
    expect(fromStart).toBe(whole);
    expect(resumed).toBe(whole);
  });
});

describe('a part that starts mid-file and <Ref>', () => {
  const limits = { ...DEFAULT_LIMITS, maxRefObjects: 5 };
  /** The byte offset of top-level object `n`'s line. */
  const lineOf = (bytes: Buffer, n: number) => bytes.indexOf(`\n  <Obj RefId="${n}">`) + 1;

  test('it can go on past a split point as a whole reading only once it has read maxRefObjects objects', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'export.xml');
    await writeClixml(file, document(40));
    const bytes = await readFile(file);
    const start = lineOf(bytes, 20);
    const stops: StopState[] = [];
    await readClixmlFile(file, 'f', () => {}, limits, undefined, {
      start,
      resume: { encoding: 'utf-8', facts: prefixFacts(file, 'utf-8', start)! },
      stops: [lineOf(bytes, 24), lineOf(bytes, 25), lineOf(bytes, 30)],
      onStop: async (state) => (stops.push(state), true),
    });
    expect(stops.map((s) => s.trusted)).toEqual([false, true, true]); // 4, then 5 objects read before the stop
  });

  test('a <Ref> it cannot resolve may point before it: the part fails, where a whole reading resolves it', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'export.xml');
    await writeClixml(file, document(40).replace('<I32 N="N">30</I32>', '<Ref N="Owner" RefId="28" />'));
    const bytes = await readFile(file);
    const whole: TopLevelValue[] = [];
    await readClixmlFile(file, 'f', (v) => whole.push(v), limits);
    expect(JSON.stringify(sample(whole.slice(30, 31)))).toContain('Ċ28');
    const start = lineOf(bytes, 29);
    const part = readClixmlFile(file, 'f', () => {}, limits, undefined, {
      start,
      resume: { encoding: 'utf-8', facts: prefixFacts(file, 'utf-8', start)! },
      stops: [],
      onStop: async () => true,
    });
    await expect(part).rejects.toThrow(/<Ref RefId="28"> may refer to an object before this part of the file/);
  });
});
