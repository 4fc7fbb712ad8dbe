import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { InputError } from '../../src/errors.js';
import { createSaxesShapedTokenizer } from '../helpers/saxes-shaped.js';
import { generateExport } from '../../bench/generate.js';

type Event = (string | number | boolean)[];

/** saxes's events on the whole text, with the line each open tag ends on. */
function saxesEvents(text: string): Event[] {
  const events: Event[] = [];
  const parser = new SaxesParser();
  parser.on('opentag', (t) => events.push(['open', t.name, JSON.stringify(Object.entries(t.attributes)), t.isSelfClosing, parser.line]));
  parser.on('text', (t) => events.push(['text', t]));
  parser.on('closetag', (t) => events.push(['close', t.name]));
  parser.write(text).close();
  return events;
}

/** The fast tokenizer's events with the text fed in chunks of `size` characters, as UTF-8 or UTF-16 units. */
function fastEvents(text: string, size: number, encoding: 'utf-8' | 'utf-16le' = 'utf-8', leaf = false): Event[] {
  const events: Event[] = [];
  const tokenizer = createSaxesShapedTokenizer({
    opentag: (t) => events.push(['open', t.name, JSON.stringify(Object.entries(t.attributes)), t.isSelfClosing, tokenizer.position().line]),
    text: (t) => events.push(['text', t]),
    closetag: (t) => events.push(['close', t.name]),
  }, { encoding, leaf });
  for (let i = 0; i < text.length; i += size) tokenizer.write(text.slice(i, i + size));
  tokenizer.close();
  return events;
}

function fastError(text: string, size = text.length || 1, encoding: 'utf-8' | 'utf-16le' = 'utf-8'): InputError {
  try {
    fastEvents(text, size, encoding);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'farmscan-fast-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('fast tokenizer against saxes', () => {
  test.each(['utf8', 'utf16le'] as const)('same events and lines on a generated %s export, any chunking', async (encoding) => {
    const { files } = await generateExport(path.join(tmp, encoding), { sites: 300, apps: 12, encoding });
    for (const file of files) {
      const bytes = await readFile(file);
      const text = new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'utf-16le', { fatal: true }).decode(bytes);
      const expected = saxesEvents(text);
      expect(expected.length).toBeGreaterThan(1000);
      for (const size of [1, 7, 4096, text.length]) expect(fastEvents(text, size)).toEqual(expected);
      for (const size of [7, text.length]) expect(fastEvents(text, size, 'utf-16le')).toEqual(expected);
      for (const size of [1, 7, text.length]) {
        expect(fastEvents(text, size, 'utf-8', true)).toEqual(expected);
        expect(fastEvents(text, size, 'utf-16le', true)).toEqual(expected);
      }
    }
  });

  const edgeCases: Record<string, string> = {
    'entities and references': '<a>&amp;&lt;&gt;&quot;&apos; &#65;&#x1F600;&#10;&#13;</a>',
    'attributes with &quot; and >': `<a N="say &quot;hi&quot; > &amp; bye" M='it&apos;s "x"'/>`,
    'attribute whitespace normalized, references kept': '<a x="1\r\n2\t3&#10;4&#9;"/>',
    '> and ]] in text': '<a>1 > 0 ]] x</a>',
    'astral and non-ASCII characters': '<Objs><S N="Zürich">😀 é 🔒</S><Ünï/></Objs>',
    'CR LF, lone CR and indentation': '<a>\r\n  <b>x\ry\r\nz</b>\r\n</a>\r\n',
    'XML declaration, comment, whitespace around root': '<?xml version="1.0"?>\r\n<a><!-- c --><b/></a>\r\n  ',
    'spaces around = and in close tags': '<a  x = "1"  ></a  >',
    'empty document element': '<Objs />',
    'leaf shapes': '<Objs><Obj><MS><S N="a">x</S><S N="b"></S><S N="c" /><S N="d"/><I32 N="e">1</I32>\r\n<S N="f">é</S><S N="g">a&amp;b</S><S N="h">]</S><S N="i">x<T N="j">y</T></S><S N="k" M="1">z</S></MS></Obj></Objs>',
  };
  test.each(Object.entries(edgeCases))('%s', (_, text) => {
    const expected = saxesEvents(text);
    for (let size = 1; size <= text.length; size++) {
      expect(fastEvents(text, size)).toEqual(expected);
      expect(fastEvents(text, size, 'utf-16le')).toEqual(expected);
      expect(fastEvents(text, size, 'utf-8', true)).toEqual(expected);
      expect(fastEvents(text, size, 'utf-16le', true)).toEqual(expected);
    }
  });
});

describe('fast tokenizer errors', () => {
  const bad: Record<string, [string, RegExp, number, number]> = {
    'unclosed tag': ['<a>\r\n<b>', /unclosed tag: b/, 2, 4],
    'mismatched close tag': ['<a>\r\n  <b></a>', /expected <\/b>, found <\/a>/, 2, 6],
    'undefined entity': ['<a>x &foo; y</a>', /undefined entity/, 1, 6],
    'bare ampersand in attribute': ['<a x="1 & 2"/>', /undefined entity/, 1, 9],
    'unterminated entity': ['<a>&amp</a>', /undefined entity/, 1, 4],
    'reference to a forbidden character': ['<a>\r\n &#0;</a>', /disallowed character/, 2, 2],
    'bad entity on a later line of a long text': ['<a>x\r\n\r\nabc &nope;</a>', /undefined entity/, 3, 5],
    'end of file inside a tag': ['<a>\r\n<b x="1', /end of file/, 2, 1],
    'end of file before the root closes': ['<a><b></b>', /unclosed tag: a/, 1, 11],
    'control character': ['<a>\r\nx\u0001</a>', /disallowed character/, 2, 2],
    ']]> in text': ['<a>x]]></a>', /"]]>"/, 1, 5],
    'duplicate attribute': ['<a x="1" x="2"/>', /duplicate attribute: x/, 1, 10],
    'no space between attributes': ['<a x="1"y="2"/>', /no whitespace/, 1, 9],
    '< in attribute value': ['<a x="<"/>', /holds "<"/, 1, 7],
    'text outside the root': ['<a/>x', /outside of root/, 1, 5],
    'two roots': ['<a/><b/>', /only one root/, 1, 5],
    'no root': ['  ', /root element/, 1, 3],
    'bad element name': ['<1a/>', /invalid element name/, 1, 2],
    'empty element name': ['<a><></a>', /element name expected/, 1, 5],
    'empty attribute name': ['<a ="1"/>', /attribute name expected/, 1, 4],
  };
  test.each(Object.entries(bad))('%s: saxes and the fast tokenizer both reject it, with a line and column', (_, [text, message, line, column]) => {
    expect(() => saxesEvents(text)).toThrow();
    for (const size of [1, 3, text.length]) {
      for (const encoding of ['utf-8', 'utf-16le'] as const) {
        const error = fastError(text, size, encoding);
        expect(error.message).toMatch(message);
        expect([error.line, error.column]).toEqual([line, column]);
        expect(error.file).toBe('<input>');
      }
    }
  });

  test.each([
    ['DOCTYPE', '<!DOCTYPE a [<!ENTITY x "y">]><a/>', 1, 1],
    ['CDATA', '<a>\r\n<![CDATA[x]]></a>', 2, 1],
  ])('%s, which saxes accepts, is rejected: CLIXML never has it', (name, text, line, column) => {
    expect(() => saxesEvents(text)).not.toThrow();
    const error = fastError(text);
    expect(error.message).toContain(name);
    expect([error.line, error.column]).toEqual([line, column]);
  });

  test('__proto__ and constructor are plain attribute names', () => {
    let attributes: Record<string, string> = {};
    createSaxesShapedTokenizer({ opentag: (t) => (attributes = t.attributes) }).write('<a __proto__="x" constructor="y"/>').close();
    expect(Object.keys(attributes)).toEqual(['__proto__', 'constructor']);
    expect(attributes.__proto__).toBe('x');
    expect('toString' in attributes).toBe(false);
  });
});
