import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeFile } from '../../bench/decode.js';
import { tokenizeFiles } from '../../bench/tokenize.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'farmscan-tokenize-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const XML = '<Objs>\r\n  <Obj RefId="0">\r\n    <S N="a">é &amp; 😀</S>\r\n    <Nil N="b" />\r\n  </Obj>\r\n</Objs>';

async function write(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(tmp, name);
  await writeFile(file, bytes);
  return file;
}

const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe('decodeFile', () => {
  test.each([
    ['UTF-8', Buffer.from(XML, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(XML, 'utf8')])],
    ['UTF-16 LE with BOM', utf16(XML)],
  ])('decodes %s by its BOM, whole characters across tiny chunks', async (name, bytes) => {
    const file = await write(`${name}.xml`, bytes);
    for (const chunkBytes of [1, 3, 64 * 1024]) {
      let text = '';
      for await (const chunk of decodeFile(file, chunkBytes)) text += chunk;
      expect(text).toBe(XML);
    }
  });

  test('throws on a byte sequence that is not UTF-8', async () => {
    const file = await write('bad.xml', Buffer.from([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e]));
    await expect(tokenizeFiles([file])).rejects.toThrow(/not valid for encoding utf-8/);
  });
});

describe('tokenizeFiles', () => {
  test('counts the elements, texts and close tags of every file, same in both encodings', async () => {
    const a = await write('a.xml', Buffer.from(XML, 'utf8'));
    const b = await write('b.xml', utf16(XML));
    // Texts include the indentation between elements: 5 runs of CR LF + spaces, and the S value.
    const one = { elements: 4, closes: 4, texts: 6 };
    expect(await tokenizeFiles([a])).toEqual(one);
    expect(await tokenizeFiles([b])).toEqual(one);
    expect(await tokenizeFiles([a, b])).toEqual({ elements: 8, closes: 8, texts: 12 });
  });

  test('rejects malformed XML, naming the file', async () => {
    const file = await write('broken.xml', Buffer.from('<Objs><Obj></Objs>', 'utf8'));
    await expect(tokenizeFiles([file])).rejects.toThrow(/broken\.xml/);
  });
});
