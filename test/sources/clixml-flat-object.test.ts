// The one-pass reading of site-shaped objects (clixml-flat-object.ts) against the general reading: the same
// values, positions and errors on every input, including random mutations of Export-Clixml's layout.
import { InputError } from '../../src/errors.js';
import { createObjectBuilder, DEFAULT_LIMITS, type ReaderLimits } from '../../src/sources/clixml-objects.js';
import { createClixmlTokenizer, type Tokenizer } from '../../src/sources/clixml-tokenizer.js';
import { REDACTED, type PSValue } from '../../src/sources/ps-value.js';
import { toRecord } from '../../src/sources/records.js';

class Stop extends Error {}

/** Objects the one-pass reading delivered. */
let wholeRecords = 0;

/** Every top-level value as plain data, or the error, reading `text` in the given pieces, with or without the one-pass reading. */
function readAll(text: string, cuts: number[], whole: boolean, limits: ReaderLimits = DEFAULT_LIMITS): unknown {
  const out: unknown[] = [];
  let tokenizer: Tokenizer | null = null;
  let failure: unknown = null;
  const fail = (message: string, line?: number, column?: number): never => {
    failure ??= ['fail', message, line ?? tokenizer!.position().line, column ?? tokenizer!.position().column];
    throw new Stop();
  };
  const builder = createObjectBuilder({ limits, fail, onValue: ({ value, line, column }) => out.push([plain(value), line, column, JSON.stringify(toRecord(value, { file: 'f.xml', line, column }))]), midFile: false });
  const handlers = whole ? builder.handlers : { ...builder.handlers, records: undefined };
  if (handlers.records !== undefined) {
    const records = handlers.records;
    const deliver = records.deliver.bind(records);
    records.deliver = (line, column) => {
      wholeRecords++;
      deliver(line, column);
    };
  }
  tokenizer = createClixmlTokenizer(handlers, { fileName: 'f.xml' });
  builder.attach(tokenizer);
  const bytes = Buffer.from(text, 'utf8');
  try {
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      tokenizer.write(Buffer.from(bytes.subarray(from, cut)));
      from = cut;
    }
    tokenizer.close();
    out.push(['end', builder.objects, builder.refObjects, builder.typeNames()]);
  } catch (error) {
    if (error instanceof Stop) out.push(failure);
    else if (error instanceof InputError) out.push(['error', error.message, error.line, error.column]);
    else throw error;
  }
  return out;
}

function plain(value: PSValue): unknown {
  if (value === REDACTED) return '<redacted>';
  if (typeof value !== 'object' || value === null) return value;
  return { typeNames: value.typeNames, props: [...value.props].map(([k, v]) => [k, plain(v)]), toString: value.toString, value: value.value, items: value.items?.map(plain) ?? null };
}

const site = (i: number, first: boolean) =>
  [
    `  <Obj RefId="${i}">`,
    first ? '    <TN RefId="0">\r\n      <T>Microsoft.SharePoint.SPSite</T>\r\n      <T>System.Object</T>\r\n    </TN>' : '    <TNRef RefId="0" />',
    '    <MS>',
    `      <G N="Id">79adc7e7-591c-4dd8-8d65-87c9f8ed16a${i}</G>`,
    `      <S N="Url">https://intranet.contoso.com/sites/s${i}_x000D__x000A_é</S>`,
    `      <B N="ReadLocked">${i % 2 === 0 ? 'false' : 'true'}</B>`,
    '      <B N="WriteLocked">true</B>',
    '      <I32 N="Quota">42</I32>',
    '      <S N="Empty"></S>',
    '      <SS N="Secret">01000000d08c</SS>',
    '      <Nil N="LockIssue" />',
    '      <Nil N="Other"/>',
    '      <S N="url">again</S>',
    '    </MS>',
    '  </Obj>',
  ].join('\r\n');

/** Objects of other shapes: an application (ApplicationId and Type), and an object of Url only under other type names. */
const others = [
  '  <Obj RefId="100">\r\n    <TNRef RefId="0" />\r\n    <MS>\r\n      <S N="ApplicationId">app</S>\r\n      <S N="Type">Group</S>\r\n      <S N="Url">https://x</S>\r\n      <B N="ReadLocked">true</B>\r\n    </MS>\r\n  </Obj>',
  '  <Obj RefId="101">\r\n    <TN RefId="1">\r\n      <T>Other</T>\r\n    </TN>\r\n    <MS>\r\n      <S N="Url">https://y</S>\r\n      <S N="SiteId">abc</S>\r\n    </MS>\r\n  </Obj>',
  '  <Obj RefId="102">\r\n    <TNRef RefId="1" />\r\n    <MS>\r\n      <S N="Url">https://y</S>\r\n      <S N="SiteId">abc</S>\r\n      <S N="ContentDatabase"> </S>\r\n      <B N="IsReadLocked">true</B>\r\n    </MS>\r\n  </Obj>',
];

const document = (count: number) => `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">\r\n${[...Array.from({ length: count }, (_, i) => site(i, i === 0)), ...others].join('\r\n')}\r\n</Objs>`;

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['<', '>', '/', '"', ' ', '\r\n', '\n', '&amp;', '&', ']', '\uFFFE', 'x', '<Ref RefId="1" />', '<Obj RefId="9"><MS></MS></Obj>', '_x0041_', 'ü', '<!-- c -->', '                                                                  '];

describe('one-pass site objects', () => {
  test('read as the general reading reads them, and used', () => {
    const text = document(5);
    const expected = readAll(text, [], false);
    wholeRecords = 0;
    expect(readAll(text, [], true)).toEqual(expected);
    expect(wholeRecords).toBe(8);
    expect((expected as unknown[]).length).toBe(9);
  });

  test('same values, positions and errors under random mutations and cuts', () => {
    const next = random(14);
    const base = document(4);
    wholeRecords = 0;
    for (let round = 0; round < 3000; round++) {
      let text = base;
      for (let m = 1 + Math.floor(next() * 3); m > 0; m--) {
        const at = Math.floor(next() * text.length);
        const kind = next();
        if (kind < 0.4) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 4));
        else text = text.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + text.slice(at);
      }
      const length = Buffer.byteLength(text);
      // Cut only at whole characters, as the reader does.
      const whole = (next() < 0.5 ? [] : [Math.floor(next() * length)]).filter((cut) => (Buffer.from(text)[cut] & 0xc0) !== 0x80);
      expect({ text, out: readAll(text, whole, true) }).toEqual({ text, out: readAll(text, whole, false) });
    }
    expect(wholeRecords).toBeGreaterThan(3000);
  });

  test('every byte value, at every place in a word of a long value, read as the general reading reads it', () => {
    const base = document(2);
    const at = base.indexOf('https://intranet') + 8;
    for (let c = 1; c < 128; c++) {
      for (let shift = 0; shift < 8; shift++) {
        const text = base.slice(0, at + shift) + String.fromCharCode(c) + base.slice(at + shift);
        expect({ c, shift, out: readAll(text, [], true) }).toEqual({ c, shift, out: readAll(text, [], false) });
      }
    }
  });

  test('limits: depth and value length as the general reading applies them', () => {
    const text = document(3);
    for (const limits of [{ ...DEFAULT_LIMITS, maxDepth: 3 }, { ...DEFAULT_LIMITS, maxDepth: 4 }, { ...DEFAULT_LIMITS, maxValueLength: 10 }, { ...DEFAULT_LIMITS, maxValueLength: 36 }, { ...DEFAULT_LIMITS, maxRefObjects: 1 }]) {
      expect(readAll(text, [], true, limits)).toEqual(readAll(text, [], false, limits));
    }
  });
});
