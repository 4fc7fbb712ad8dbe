// Inputs the fuzzer (fuzz/, `npm run fuzz`) found to break the reader's promise: every file ends in records or
// in one InputError of one line naming the file, line and column. Each case failed before its fix.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../src/errors.js';
import { readExportFile } from '../../src/sources/read-export-file.js';
import { tempDir } from '../helpers/clixml.js';

async function errorOf(content: string | Buffer): Promise<InputError> {
  const file = path.join(await tempDir('farmscan-fuzzed-'), 'found.xml');
  await writeFile(file, content);
  try {
    await readExportFile(file, 'found.xml', () => {});
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('inputs found by fuzzing', () => {
  test('a close tag with a line break in it is reported on one line', async () => {
    const error = await errorOf('<Objs>\r\n  <Obj RefId="0"></\r\nS>\r\n</Objs>');
    expect(error.message).toBe('unexpected close tag: expected </Obj>, found </S>');
    expect(error.location).toEqual({ file: 'found.xml', line: 2, column: 18 });
  });

  test('a close tag that runs on over lines is reported on one line, cut short', async () => {
    const error = await errorOf(`<Objs>\n  <Obj RefId="0"><MS></MSm\n  ${'x'.repeat(500)}</Obj>\n</Objs>`);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toMatch(/^unexpected close tag: expected <\/MS>, found <\/MSm /);
  });

  test('a file that is only a UTF-16 byte order mark ends in an error, not a crash', async () => {
    // It crashed: the eight-units-at-a-time check of UTF-16 text made a view of length -1 on no text.
    const error = await errorOf(Buffer.from([0xff, 0xfe]));
    expect(error.message).toBe('document must contain a root element');
    expect(error.location).toEqual({ file: 'found.xml', line: 1, column: 1 });
  });
});
