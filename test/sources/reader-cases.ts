// Inputs for the reader's golden test (reader-golden.test.ts): hand-made edge cases of what Export-Clixml
// writes and of what it never does, and seeded mutations of the sample export (truncations, flipped, deleted,
// duplicated and inserted bytes). Their expected results were recorded from the reader as it stood before
// the byte-level rewrite (issue 14), so any change in records, positions or errors shows here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom } from '../../bench/prng.js';
import { objs, site, exporterApp, customObject, s, nil, b, i32, profileMapping } from '../helpers/clixml.js';

export interface ReaderCase {
  name: string;
  bytes: Buffer;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const utf8bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)]);
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16leNoBom = (text: string) => Buffer.from(text, 'utf16le');
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
const indented = (body: string) => `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">\r\n  ${body}\r\n</Objs>`;

const SITES = [
  site({ url: 'https://intranet.contoso.com/sites/a', readLocked: false }),
  site({ url: 'https://intranet.contoso.com/sites/b', readLocked: true, lockIssue: 'Legal &amp; hold' }),
  site({ url: 'https://intranet.contoso.com/sites/c', readLocked: null, writeLocked: true }),
  site({ url: 'https://intranet.contoso.com/sites/zürich-😀', readLocked: false, readOnly: true, writeLocked: true }),
].join('\r\n  ');

const APP = exporterApp({ id: 'HR', type: 'Group', members: ['c:0+.w|s-1-5-21-1'], admins: ['i:0#.w|contoso\\admin'] });

/** Well-formed and malformed documents, each testing one thing. */
function handMade(): Array<[string, string]> {
  const big = 'x'.repeat(4 * 1024 * 1024);
  return [
    ['sites', indented(SITES)],
    ['app', indented(APP)],
    ['profile mapping', indented(profileMapping('AD', 'Department', null) + profileMapping('BCS', 'Cost', 'HRInstance'))],
    ['lob system instance', indented(customObject(s('LobSystem', 'HR') + s('Name', 'HRInstance') + s('SsoApplicationId', 'HR') + nil('SecondarySsoApplicationId')))],
    ['select-object site with IsReadLocked', indented(customObject(s('Url', 'https://a/b') + b('IsReadLocked', true)))],
    ['native TargetApplication with ApplicationType number', indented(customObject(s('ApplicationId', 'X') + i32('ApplicationType', 5)))],
    ['entities and character references', indented(customObject(s('Url', 'https://a/?x=1&amp;y=&lt;2&gt;&quot;&apos;&#65;&#x1F600;&#10;&#13;') + b('ReadLocked', false)))],
    ['clixml escapes', indented(customObject(s('Url', 'a_x000D__x000A_b_x005F_x0020__xD83D__xDE00_') + b('ReadLocked', false) + s('Lock_x0020_Issue', 'q')))],
    ['comment and PI inside a value', indented(customObject(s('Url', 'https://a<!-- c -->/b<?pi x?>c') + b('ReadLocked', false)))],
    ['comment between objects', indented(`${site({ url: 'https://a/1', readLocked: false })}\r\n  <!-- <Obj RefId="99"> -->\r\n  ${site({ url: 'https://a/2', readLocked: true })}`)],
    ['xml declaration', `<?xml version="1.0" encoding="utf-8"?>\r\n${indented(SITES)}`],
    ['single quotes and spaces in tags', indented(`<Obj RefId='0' ><MS ><S N = 'Url' >https://a</S ><B N='ReadLocked'>true</B  ></MS></Obj >`)],
    ['newline and tab in attribute values', indented(`<Obj RefId="0"><MS><S N="Url\r\nX">https://a</S><S N="Url">u</S><B N="Read\tLocked">true</B><B N="ReadLocked">false</B></MS></Obj>`)],
    ['LF only and CR only line ends', `<Objs>\n  ${site({ url: 'https://a/lf', readLocked: false })}\r  ${site({ url: 'https://a/cr', readLocked: true })}\n</Objs>`],
    ['tabs as indentation', `<Objs>\r\n\t${site({ url: 'https://a/t', readLocked: false })}\r\n</Objs>`],
    ['no newlines at all', `<Objs>${SITES.replace(/\r\n {2}/g, '')}</Objs>`],
    ['ref to a top-level object', indented(`<Obj RefId="0"><MS><S N="Url">https://a/top</S><B N="ReadLocked">true</B></MS></Obj>\r\n  <Obj RefId="1"><MS><Ref N="Url" RefId="0" /><S N="ApplicationId">A</S><S N="Type">Group</S></MS></Obj>`)],
    ['ref to a nested object', indented(`<Obj RefId="0"><MS><Obj N="TargetApplication" RefId="1"><MS><S N="ApplicationId">A</S><S N="Type">Group</S></MS></Obj></MS></Obj>\r\n  <Obj RefId="2"><MS><Ref N="TargetApplication" RefId="1" /></MS></Obj>`)],
    ['ref to nothing', indented(`<Obj RefId="0"><MS><Ref N="x" RefId="5" /></MS></Obj>`)],
    ['tnref to nothing', indented(`<Obj RefId="0"><TNRef RefId="4" /><MS /></Obj>`)],
    ['tn redefined', indented(`<Obj RefId="0"><TN RefId="0"><T>Microsoft.SharePoint.SPSite</T></TN><Props><S N="Url">u</S></Props></Obj><Obj RefId="1"><TN RefId="0"><T>Other</T></TN><Props><S N="Url">v</S></Props></Obj><Obj RefId="2"><TNRef RefId="0" /><Props><S N="Url">w</S></Props></Obj>`)],
    ['enum in either order and ToString only', indented(customObject(s('ApplicationId', 'E') + `<Obj N="Type" RefId="90"><I32>3</I32><ToString>GroupWithTicketing</ToString></Obj>` + `<Obj N="CredentialManagementUrl" RefId="91"><ToString>https://x/</ToString></Obj>`))],
    ['nested member set and dictionary', indented(customObject(s('Url', 'https://d') + b('ReadLocked', false) + `<MS N="Set"><S N="A">1</S></MS><Obj N="H" RefId="70"><DCT><En><S N="Key">k</S><I32 N="Value">1</I32></En></DCT></Obj>`))],
    ['secure string', indented(customObject(s('ApplicationId', 'S') + s('Type', 'Group') + `<SS N="Password">01000000d08c9ddf</SS>`))],
    ['every primitive', indented(customObject(`<S N="Url">u</S><B N="ReadLocked"> true </B><C N="c">65</C><DT N="dt">2020-01-03T05:35:00Z</DT><TS N="ts">PT5M</TS><By N="by">255</By><SB N="sb">-1</SB><U16 N="u16">6</U16><I16 N="i16">-5</I16><U32 N="u32">7</U32><I64 N="i64">9007199254740993</I64><U64 N="u64">1</U64><Sg N="sg">1.5</Sg><Db N="db">x</Db><D N="d">1.0</D><BA N="ba">AQID</BA><G N="g">6f1d</G><URI N="uri">https://x/&amp;</URI><Version N="v">1.2</Version><XD N="xd">&lt;a/&gt;</XD><SBK N="sbk">{ 1 }</SBK><SemanticVersion N="sv">1.0.0</SemanticVersion><Unknown N="LockIssue">zz</Unknown>`))],
    ['boolean written oddly', indented(customObject(s('Url', 'u') + b('ReadLocked', true).replace('true', 'TRUE') + `<B N="WriteLocked">1</B>`))],
    ['empty values', indented(customObject(`<S N="Url"></S><B N="ReadLocked" /><S N="LockIssue" />`))],
    ['utf-8 BOM', ''],
    ['utf-16 LE', ''],
    ['utf-16 LE without BOM', ''],
    ['utf-16 BE', ''],
    ['long value at the limit', indented(customObject(s('Url', big.slice(0, 4 * 1024 * 1024)) + b('ReadLocked', false)))],
    ['long value over the limit', indented(customObject(s('Url', big + 'y') + b('ReadLocked', false)))],
    ['deep nesting', indented(`${'<Obj RefId="0"><MS>'.repeat(130)}${'</MS></Obj>'.repeat(130)}`)],
    ['nesting at 255', indented(`${'<LST>'.repeat(253)}${'</LST>'.repeat(253)}`)],
    ['empty file', ''],
    ['only whitespace', '  \r\n  '],
    ['not xml', 'ApplicationID,Name\r\nHR,HR\r\n'],
    ['nbsp before root', '\u00a0<Objs />'],
    ['html', '<html><body/></html>'],
    ['doctype', '<!DOCTYPE x [<!ENTITY a "b">]><Objs/>'],
    ['cdata', indented('<Obj RefId="0"><MS><S N="Url"><![CDATA[x]]></S></MS></Obj>')],
    ['undefined entity', indented(customObject(s('Url', 'a &nbsp; b')))],
    ['bare ampersand in attribute', indented(`<Obj RefId="0"><MS><S N="a & b">x</S></MS></Obj>`)],
    ['less-than in attribute', indented(`<Obj RefId="0"><MS><S N="a<b">x</S></MS></Obj>`)],
    ['control character in text', indented(customObject(s('Url', 'a\u0001b')))],
    ['control character in attribute', indented(`<Obj RefId="0"><MS><S N="a\u0002">x</S></MS></Obj>`)],
    ['reference to a disallowed character', indented(customObject(s('Url', 'a&#1;b')))],
    ['noncharacter U+FFFE', indented(customObject(s('Url', 'a\ufffeb')))],
    ['cdata end in text', indented(customObject(s('Url', 'a]]>b')))],
    ['mismatched close tag', indented('<Obj RefId="0"><MS><S N="Url">x</B></MS></Obj>')],
    ['close tag with trailing garbage', indented('<Obj RefId="0"><MS><S N="Url">x</S x></MS></Obj>')],
    ['unclosed root', `<Objs>\r\n  ${site({ url: 'u', readLocked: true })}\r\n`],
    ['truncated in a tag', indented(SITES).slice(0, 200)],
    ['truncated in a value', indented(SITES).slice(0, 330)],
    ['two roots', '<Objs/><Objs/>'],
    ['text after root', '<Objs/>x'],
    ['text before root', 'x<Objs/>'],
    ['duplicate attribute', indented('<Obj RefId="0" RefId="1"><MS /></Obj>')],
    ['no whitespace between attributes', indented('<Obj RefId="0"N="x"><MS /></Obj>')],
    ['attribute without value', indented('<Obj RefId><MS /></Obj>')],
    ['unquoted attribute', indented('<Obj RefId=0><MS /></Obj>')],
    ['slash without gt', indented('<Obj RefId="0"/ ><MS /></Obj>')],
    ['bad element name', indented('<1Obj />')],
    ['empty element name', indented('< />')],
    ['non-ascii element name', indented('<Öbj RefId="0"><MS /></Öbj>')],
    ['invalid non-ascii element name', indented('<a\u00d7b />')],
    ['unexpected bang', indented('<!x>')],
    ['members outside an object', indented('<MS><S N="Url">x</S></MS>')],
    ['list outside an object', indented('<LST><S>x</S></LST>')],
    ['entry outside a dictionary', indented('<Obj RefId="0"><En><S N="Key">k</S></En></Obj>')],
    ['dictionary outside an object', indented('<DCT />')],
    ['root not Objs', '<Obj RefId="0" />'],
    ['close tag at top', '</Objs>'],
    ['root self-closing', '<Objs />'],
    ['primitive at top level', indented('<S>top</S>\r\n  <I32>5</I32>\r\n  <Nil />')],
    ['unfinished comment', indented('<!-- never ends')],
    ['unfinished PI', '<?xml version="1.0"'],
  ];
}

/** A few bytes that matter to the reader, inserted by the mutations. */
const INSERTS = ['<', '>', '&', '&amp;', ']]>', '\u0001', '<!--', '-->', '<?x?>', '_x0041_', '<Ref N="Url" RefId="0" />', '<TNRef RefId="9" />', '"', "'", '\r\n  <Obj ', '</MS>', '<MS>', '\u00e9', '\ud83d\ude00'];

/** Seeded mutations; in UTF-16 (`unit` 2) they keep to whole code units, so most still decode. */
function mutations(name: string, bytes: Buffer, seed: number, count: number, unit: 1 | 2 = 1): ReaderCase[] {
  const random = createRandom(seed);
  const encode = (text: string) => Buffer.from(text, unit === 1 ? 'utf8' : 'utf16le');
  const cases: ReaderCase[] = [];
  for (let k = 0; k < count; k++) {
    const at = random.int(bytes.length / unit) * unit;
    const kind = k % 5;
    let mutated: Buffer;
    if (kind === 0) mutated = bytes.subarray(0, at);
    else if (kind === 1) {
      mutated = Buffer.from(bytes);
      mutated[at] = random.int(256);
    } else if (kind === 2) mutated = Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + (1 + random.int(64)) * unit))]);
    else if (kind === 3) {
      const length = (1 + random.int(300)) * unit;
      mutated = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at, at + length), bytes.subarray(at)]);
    } else mutated = Buffer.concat([bytes.subarray(0, at), encode(random.pick(INSERTS)), bytes.subarray(at)]);
    cases.push({ name: `${name} mutation ${k} (${['truncated', 'byte set', 'bytes deleted', 'bytes repeated', 'text inserted'][kind]} at ${at})`, bytes: mutated });
  }
  return cases;
}

export function readerCases(): ReaderCase[] {
  const cases: ReaderCase[] = [];
  for (const [name, text] of handMade()) {
    if (name === 'utf-8 BOM') cases.push({ name, bytes: utf8bom(indented(SITES)) });
    else if (name === 'utf-16 LE') cases.push({ name, bytes: utf16le(indented(SITES + '\r\n  ' + APP)) });
    else if (name === 'utf-16 LE without BOM') cases.push({ name, bytes: utf16leNoBom(indented(SITES)) });
    else if (name === 'utf-16 BE') cases.push({ name, bytes: utf16be(indented(SITES)) });
    else cases.push({ name, bytes: utf8(text) });
  }
  cases.push({ name: 'invalid UTF-8 in a value', bytes: Buffer.concat([utf8(indented(SITES)).subarray(0, 300), Buffer.from([0xc3, 0x28]), utf8(indented(SITES)).subarray(300)]) });
  cases.push({ name: 'invalid UTF-8 in a tag name', bytes: Buffer.concat([utf8(indented('<Obj RefId="0"><MS><')), Buffer.from([0xff]), utf8('S N="Url">x</S></MS></Obj>')]) });
  cases.push({ name: 'lone surrogate in UTF-16', bytes: Buffer.concat([utf16le(indented(SITES)).subarray(0, 400), Buffer.from([0x3d, 0xd8, 0x41, 0x00]), utf16le(indented(SITES)).subarray(400)]) });
  cases.push({ name: 'odd byte count in UTF-16', bytes: Buffer.concat([utf16le(indented(SITES)), Buffer.from([0x20])]) });
  cases.push({ name: 'UTF-32', bytes: Buffer.from([0xff, 0xfe, 0, 0, 0x3c, 0, 0, 0]) });

  const sample = path.join(root, 'samples', 'contoso');
  for (const [i, file] of readdirSync(sample).filter((f) => f.endsWith('.xml')).sort().entries()) {
    const bytes = readFileSync(path.join(sample, file));
    cases.push({ name: `sample ${file}`, bytes });
    // Both encodings of each: the sample has files of both.
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
    const text = utf16 ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8');
    cases.push(...mutations(`sample ${file} in UTF-8`, utf8(text), 100 + i, 60, 1));
    cases.push(...mutations(`sample ${file} in UTF-16`, utf16le(text), 200 + i, 40, 2));
  }
  return cases;
}
