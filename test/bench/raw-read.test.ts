import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readRaw } from '../../bench/raw-read.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'farmscan-raw-read-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('readRaw', () => {
  test('reads every file to its end, however the block size falls', async () => {
    const a = path.join(tmp, 'a.xml');
    const b = path.join(tmp, 'b.xml');
    const empty = path.join(tmp, 'empty.xml');
    await writeFile(a, Buffer.alloc(10_007, 0x3c));
    await writeFile(b, Buffer.alloc(3, 0x3c));
    await writeFile(empty, Buffer.alloc(0));
    for (const block of [1, 7, 4096, undefined]) {
      expect(await readRaw([a, b, empty], block)).toEqual({ bytes: 10_010 });
    }
  });

  test('fails on a file that is not there', async () => {
    await expect(readRaw([path.join(tmp, 'missing.xml')])).rejects.toThrow(/ENOENT/);
  });
});
