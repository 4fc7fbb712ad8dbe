import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../src/errors.js';
import { readClixmlFile } from '../../src/sources/clixml-reader.js';
import { decodeClixmlEscapes } from '../../src/sources/clixml-escapes.js';
import { getProp, isObject, REDACTED, type PSObject, type PSValue } from '../../src/sources/ps-value.js';
import { objs, tempDir, writeClixml } from '../helpers/clixml.js';

async function readText(text: string, encoding: 'utf8' | 'utf8bom' | 'utf16le' = 'utf8'): Promise<PSValue[]> {
  const dir = await tempDir();
  const file = path.join(dir, 'export.xml');
  await writeClixml(file, text, encoding);
  const values: PSValue[] = [];
  await readClixmlFile(file, 'export.xml', ({ value }) => values.push(value));
  return values;
}

async function readError(content: string | Buffer): Promise<InputError> {
  const dir = await tempDir();
  const file = path.join(dir, 'bad.xml');
  await writeFile(file, content);
  try {
    await readClixmlFile(file, 'bad.xml', () => {});
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

const obj = (value: PSValue): PSObject => {
  if (!isObject(value)) throw new Error(`not an object: ${String(value)}`);
  return value;
};

describe('CLIXML reader', () => {
  test('reads note properties (<MS>) and adapted properties (<Props>) alike', async () => {
    const [value] = await readText(
      objs('<Obj RefId="0"><TN RefId="0"><T>Microsoft.SharePoint.SPSite</T><T>System.Object</T></TN><ToString>SPSite Url=x</ToString><Props><S N="Url">https://a</S></Props><MS><B N="ReadLocked">true</B></MS></Obj>'),
    );
    const o = obj(value);
    expect(o.typeNames).toEqual(['Microsoft.SharePoint.SPSite', 'System.Object']);
    expect(o.toString).toBe('SPSite Url=x');
    expect(getProp(o, 'url')).toBe('https://a');
    expect(getProp(o, 'READLOCKED')).toBe(true);
  });

  test('resolves <TNRef> to the type names of an earlier <TN>', async () => {
    const values = await readText(
      objs('<Obj RefId="0"><TN RefId="7"><T>A.B</T><T>System.Object</T></TN><MS /></Obj><Obj RefId="1"><TNRef RefId="7" /><MS /></Obj>'),
    );
    expect(obj(values[1]).typeNames).toEqual(['A.B', 'System.Object']);
  });

  test('reads every primitive element', async () => {
    const [value] = await readText(
      objs(
        '<Obj RefId="0"><MS>' +
          '<S N="s">text</S><C N="c">65</C><B N="b">false</B><DT N="dt">2020-01-03T05:35:00.7562298-08:00</DT><TS N="ts">PT5M</TS>' +
          '<By N="by">255</By><SB N="sb">-1</SB><U16 N="u16">65535</U16><I16 N="i16">-5</I16><U32 N="u32">7</U32><I32 N="i32">-42</I32>' +
          '<U64 N="u64">18446744073709551615</U64><I64 N="i64">9007199254740993</I64><I64 N="small">12</I64><Sg N="sg">1.5</Sg><Db N="db">2.25</Db>' +
          '<D N="d">79228162514264337593543950335</D><BA N="ba">AQID</BA><G N="g">6f1d3c2a-0000-4000-8000-000000000001</G>' +
          '<URI N="uri">https://contoso.com/a?b=1&amp;c=2</URI><Version N="v">16.0.10337.12109</Version><Nil N="nil" /><SS N="secret">01000000d08c9ddf0115d1118c7a00c04fc297eb</SS>' +
          '</MS></Obj>',
      ),
    );
    const o = obj(value);
    expect(Object.fromEntries(o.props)).toEqual({
      s: 'text',
      c: 'A',
      b: false,
      dt: '2020-01-03T05:35:00.7562298-08:00',
      ts: 'PT5M',
      by: 255,
      sb: -1,
      u16: 65535,
      i16: -5,
      u32: 7,
      i32: -42,
      u64: '18446744073709551615',
      i64: '9007199254740993',
      small: 12,
      sg: 1.5,
      db: 2.25,
      d: '79228162514264337593543950335',
      ba: 'AQID',
      g: '6f1d3c2a-0000-4000-8000-000000000001',
      uri: 'https://contoso.com/a?b=1&c=2',
      v: '16.0.10337.12109',
      nil: null,
      secret: REDACTED,
    });
  });

  test('never keeps the content of a SecureString', async () => {
    const [value] = await readText(objs('<Obj RefId="0"><MS><SS N="Password">76492d1116743f0423413b16050a5345MgB8AHYAaQBzAGkAYgBsAGUA</SS></MS></Obj>'));
    expect(getProp(value, 'Password')).toBe(REDACTED);
    expect(JSON.stringify([...obj(value).props.values()].map(String))).not.toContain('76492d');
  });

  test('reads enums in either element order, by ToString with the number kept', async () => {
    const values = await readText(
      objs(
        '<Obj RefId="0"><TN RefId="0"><T>X.TargetApplicationType</T><T>System.Enum</T><T>System.ValueType</T><T>System.Object</T></TN><ToString>Group</ToString><I32>1</I32></Obj>' +
          '<Obj RefId="1"><TNRef RefId="0" /><I32>5</I32><ToString>RestrictedGroup</ToString></Obj>',
      ),
    );
    expect(obj(values[0]).toString).toBe('Group');
    expect(obj(values[0]).value).toBe(1);
    expect(obj(values[1]).toString).toBe('RestrictedGroup');
    expect(obj(values[1]).value).toBe(5);
  });

  test('reads lists (LST, IE, STK, QUE) and dictionaries (DCT)', async () => {
    const [value] = await readText(
      objs(
        '<Obj RefId="0"><MS>' +
          '<Obj N="l" RefId="1"><LST><S>a</S><I32>2</I32><Nil /></LST></Obj>' +
          '<Obj N="ie" RefId="2"><IE><S>b</S></IE></Obj>' +
          '<Obj N="stk" RefId="3"><STK><S>c</S></STK></Obj>' +
          '<Obj N="que" RefId="4"><QUE><S>d</S></QUE></Obj>' +
          '<Obj N="h" RefId="5"><TN RefId="0"><T>System.Collections.Hashtable</T></TN><DCT><En><S N="Key">k1</S><I32 N="Value">1</I32></En><En><I32 N="Value">2</I32><S N="Key">k2</S></En></DCT></Obj>' +
          '</MS></Obj>',
      ),
    );
    expect(obj(getProp(value, 'l')!).items).toEqual(['a', 2, null]);
    expect(obj(getProp(value, 'ie')!).items).toEqual(['b']);
    expect(obj(getProp(value, 'stk')!).items).toEqual(['c']);
    expect(obj(getProp(value, 'que')!).items).toEqual(['d']);
    expect(obj(getProp(value, 'h')!).entries).toEqual([
      ['k1', 1],
      ['k2', 2],
    ]);
  });

  test('resolves <Ref> to the object serialized earlier with that RefId', async () => {
    const values = await readText(
      objs('<Obj RefId="0"><MS><Obj N="owner" RefId="1"><MS><S N="Name">Chris</S></MS></Obj><Ref N="again" RefId="1" /></MS></Obj><Obj RefId="2"><MS><Ref N="other" RefId="1" /></MS></Obj>'),
    );
    expect(getProp(getProp(values[0], 'again'), 'Name')).toBe('Chris');
    expect(getProp(getProp(values[1], 'other'), 'Name')).toBe('Chris');
  });

  test('decodes _xHHHH_ escapes in strings and property names, and _x005F_ as a literal underscore', async () => {
    const [value] = await readText(objs('<Obj RefId="0"><MS><S N="Line_x0020_One">a_x000D__x000A_b</S><S N="lit">Order_x005F_x0020_</S><S N="pair">_xD83D__xDE00_</S></MS></Obj>'));
    expect(getProp(value, 'Line One')).toBe('a\r\nb');
    expect(getProp(value, 'lit')).toBe('Order_x0020_');
    expect(getProp(value, 'pair')).toBe('😀');
    expect(decodeClixmlEscapes('no escapes')).toBe('no escapes');
  });

  test('XML entities round-trip: &amp; &lt; &gt; &quot; &#10;', async () => {
    const [value] = await readText(objs('<Obj RefId="0"><MS><S N="t">a &amp; b &lt;c&gt; &quot;d&quot; e&#10;f</S></MS></Obj>'));
    expect(getProp(value, 't')).toBe('a & b <c> "d" e\nf');
  });

  test('a nested named member set becomes an object property', async () => {
    const [value] = await readText(objs('<Obj RefId="0"><MS><MS N="Set"><S N="A">1</S></MS><S N="B">2</S></MS></Obj>'));
    expect(getProp(getProp(value, 'Set'), 'A')).toBe('1');
    expect(getProp(value, 'B')).toBe('2');
  });

  test.each([['utf8'], ['utf8bom'], ['utf16le']] as const)('reads %s files', async (encoding) => {
    const [value] = await readText(objs('<Obj RefId="0"><MS><S N="Name">Zürich Lohnbuchhaltung — Сергей 😀</S></MS></Obj>'), encoding);
    expect(getProp(value, 'Name')).toBe('Zürich Lohnbuchhaltung — Сергей 😀');
  });

  test('reads UTF-16 BE with a BOM and BOM-less UTF-16 LE', async () => {
    const text = objs('<Obj RefId="0"><MS><S N="Name">Wrocław</S></MS></Obj>');
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const bytes of [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), le]) {
      const dir = await tempDir();
      await writeFile(path.join(dir, 'x.xml'), bytes);
      const values: PSValue[] = [];
      await readClixmlFile(path.join(dir, 'x.xml'), 'x.xml', ({ value }) => values.push(value));
      expect(getProp(values[0], 'Name')).toBe('Wrocław');
    }
  });

  test('property names such as __proto__ and constructor are plain data', async () => {
    const [value] = await readText(
      objs('<Obj RefId="0"><MS><S N="__proto__">polluted</S><Obj N="constructor" RefId="1"><MS><B N="ReadLocked">true</B></MS></Obj><S N="toString">x</S></MS></Obj>'),
    );
    expect(getProp(value, '__proto__')).toBe('polluted');
    expect(({} as Record<string, unknown>).ReadLocked).toBeUndefined();
    expect(Object.getPrototypeOf(obj(value).props)).toBe(Map.prototype);
  });

  test('reports where each top-level object starts', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'x.xml');
    await writeClixml(file, objs('<Obj RefId="0"><MS /></Obj>\r\n  <Obj RefId="1"><MS /></Obj>'));
    const lines: number[] = [];
    await readClixmlFile(file, 'x.xml', ({ line }) => lines.push(line));
    expect(lines).toEqual([2, 3]);
  });
});

describe('CLIXML reader refuses bad files with file, line and column', () => {
  test('a truncated file', async () => {
    const error = await readError(objs('<Obj RefId="0"><MS><S N="a">b</S></MS></Obj>').slice(0, 60));
    expect(error.file).toBe('bad.xml');
    expect(error.message).toMatch(/unclosed|unexpected end/i);
    expect(error.line).toBeGreaterThanOrEqual(1);
  });

  test('an empty file', async () => {
    expect((await readError('')).message).toMatch(/empty/);
  });

  test('a file that is not XML', async () => {
    const error = await readError('ApplicationID,Name\r\nHR,HR\r\n');
    expect(error.line).toBe(1);
  });

  test('XML that is not CLIXML', async () => {
    expect((await readError('<html><body/></html>')).message).toMatch(/not a CLIXML export.*<html>/);
  });

  test('a DOCTYPE (billion laughs, XXE) is refused before any entity is expanded', async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Objs><S>&xxe;</S></Objs>';
    const error = await readError(xxe);
    expect(error.message).toMatch(/DOCTYPE/);
    expect(error.line).toBe(1);
    const laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Objs><S>&lol2;</S></Objs>';
    expect((await readError(laughs)).message).toMatch(/DOCTYPE/);
  });

  test('an undefined entity', async () => {
    expect((await readError(objs('<S>&nbsp;</S>'))).message).toMatch(/entity/i);
  });

  test('nesting deeper than the limit', async () => {
    const deep = objs(`${'<Obj RefId="0"><MS>'.repeat(200)}${'</MS></Obj>'.repeat(200)}`);
    expect((await readError(deep)).message).toMatch(/nesting deeper than 256/);
  });

  test('invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(objs('<S>ok</S>').slice(0, 20)), Buffer.from([0xc3, 0x28]), Buffer.from('</S></Objs>')]);
    expect((await readError(bytes)).message).toMatch(/invalid UTF-8/);
  });

  test('UTF-32 names the re-export to do', async () => {
    expect((await readError(Buffer.from([0xff, 0xfe, 0, 0, 0x3c, 0, 0, 0]))).message).toMatch(/UTF-32.*-Encoding/);
  });

  test('a <Ref> to an object never serialized', async () => {
    expect((await readError(objs('<Obj RefId="0"><MS><Ref N="x" RefId="9" /></MS></Obj>'))).message).toMatch(/RefId="9"/);
  });

  test('a missing file', async () => {
    const dir = await tempDir();
    await expect(readClixmlFile(path.join(dir, 'nope.xml'), 'nope.xml', () => {})).rejects.toThrow(/ENOENT/);
  });
});
