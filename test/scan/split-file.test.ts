// One big export file read on two threads, split at a top-level object (src/scan/part-chain.ts): whatever
// the file holds, the outputs are the bytes one thread writes. Workers run from the build, so the scans
// run the built library in a child process; `npm test` builds first.
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateExport } from '../../bench/generate.js';
import { splitPoints } from '../../src/sources/split-points.js';
import { tempDir } from '../helpers/clixml.js';

const LIBRARY = fileURLToPath(new URL('../../dist/src/index.js', import.meta.url));
const run = promisify(execFile);
/** Small parts, so that a few MB of sites are split. */
const PART_BYTES = 1 << 20;
const twoCores = os.availableParallelism() >= 2;

interface Outcome {
  threads: number;
  files: unknown;
  errors: unknown;
  outputs: Map<string, Buffer>;
}

/** Runs `scan(options)` of the built library in a child process; prints what `pick` takes of the result. */
async function scanInChild(options: Record<string, unknown>, pick: string): Promise<any> {
  const script = path.join(path.dirname(options.outDir as string), `scan-${path.basename(options.outDir as string)}.mjs`);
  await writeFile(script, `const { scan } = await import(${JSON.stringify(LIBRARY)});\nconst r = await scan(${JSON.stringify(options)});\nconsole.log(JSON.stringify(${pick}));\n`);
  return JSON.parse((await run(process.execPath, [script])).stdout);
}

async function scanWith(exportDir: string, outDir: string, concurrency: number): Promise<Outcome> {
  const options = { exportDir, outDir, concurrency, partBytes: PART_BYTES, scanId: 'same', scanTime: '2026-11-23T00:00:00Z', quiet: true };
  const result = (await scanInChild(options, '{ threads: r.threads, files: r.files, errors: r.errors }')) as Omit<Outcome, 'outputs'>;
  const names = (await readdir(outDir, { recursive: true })).filter((f) => f.includes('.')).sort();
  return { ...result, outputs: new Map(await Promise.all(names.map(async (f) => [f, await readFile(path.join(outDir, f))] as const))) };
}

/** Scans on one thread and on two; expects the same result and the same bytes, and returns the one-thread outcome. */
async function expectSameOnTwoThreads(exportDir: string): Promise<Outcome> {
  const dir = path.dirname(exportDir);
  const one = await scanWith(exportDir, path.join(dir, 'one'), 1);
  const two = await scanWith(exportDir, path.join(dir, 'two'), 2);
  expect(one.threads).toBe(0);
  expect(two.threads).toBe(twoCores ? 2 : 0);
  expect(two.files).toEqual(one.files);
  expect(two.errors).toEqual(one.errors);
  expect([...two.outputs.keys()]).toEqual([...one.outputs.keys()]);
  for (const [name, bytes] of one.outputs) expect({ name, same: two.outputs.get(name)!.equals(bytes) }).toEqual({ name, same: true });
  return one;
}

/**
 * A generated UTF-8 export whose site list `edit` changes, given the list and the index of the character
 * where it splits before the edit; returns the folder and where the edited list splits (a byte offset).
 */
async function editedExport(edit: (sites: string, split: number) => string): Promise<{ exportDir: string; sitesFile: string; split: number }> {
  const dir = await tempDir('farmscan-split-');
  const exportDir = path.join(dir, 'export');
  await generateExport(exportDir, { sites: 12_000, apps: 12, encoding: 'utf8', seed: 3 });
  const sitesFile = path.join(exportDir, 'SiteCollections.xml');
  const splitOf = async () => {
    const bytes = await readFile(sitesFile);
    return { bytes, split: (await splitPoints(sitesFile, bytes.length, 2))!.points[0] };
  };
  const before = await splitOf();
  await writeFile(sitesFile, edit(before.bytes.toString('utf8'), before.bytes.subarray(0, before.split).toString('utf8').length));
  return { exportDir, sitesFile, split: (await splitOf()).split };
}

const byteOffset = (text: string, index: number) => Buffer.byteLength(text.slice(0, index));

describe('a big file read in parts on two threads', () => {
  test('UTF-8 and UTF-16 site lists: the same bytes as one thread', async () => {
    const dir = await tempDir('farmscan-split-');
    const exportDir = path.join(dir, 'export');
    await generateExport(path.join(exportDir, 'a'), { sites: 12_000, apps: 12, encoding: 'utf8', seed: 1 });
    await generateExport(path.join(exportDir, 'b'), { sites: 6_000, apps: 12, encoding: 'utf16le', seed: 2 });
    const one = await expectSameOnTwoThreads(exportDir);
    expect(one.errors).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  test('an error after the split point is reported where one reading meets it, and nothing after it counts', async () => {
    const { exportDir, sitesFile, split } = await editedExport((sites, split) => {
      const at = sites.indexOf('</B>', split + (sites.length - split) / 2);
      return `${sites.slice(0, at)}</X>${sites.slice(at + 4)}`;
    });
    const text = await readFile(sitesFile, 'utf8');
    expect(byteOffset(text, text.indexOf('</X>'))).toBeGreaterThan(split);
    const one = await expectSameOnTwoThreads(exportDir);
    expect(JSON.stringify(one.errors)).toContain('unexpected close tag');
  });

  test('an error before the split point: the part after it does not count', async () => {
    const { exportDir, sitesFile, split } = await editedExport((sites, split) => {
      const at = sites.indexOf('</B>', split / 2);
      return `${sites.slice(0, at)}</X>${sites.slice(at + 4)}`;
    });
    const text = await readFile(sitesFile, 'utf8');
    expect(byteOffset(text, text.indexOf('</X>'))).toBeLessThan(split);
    const one = await expectSameOnTwoThreads(exportDir);
    expect(JSON.stringify(one.errors)).toContain('unexpected close tag');
  });

  test('a <Ref> after the split point to an object before it reads as in one reading', async () => {
    const { exportDir, sitesFile, split } = await editedExport((sites, split) => {
      // The last object before the split point is the target; the fifth after it refers to it.
      const targetAt = sites.lastIndexOf('\n  <Obj RefId="', split - 2);
      const refId = /RefId="(\d+)"/.exec(sites.slice(targetAt))![1];
      let second = split;
      for (let n = 0; n < 5; n++) second = sites.indexOf('\n  <Obj ', second + 1);
      const url = sites.indexOf('<S N="Url">', second);
      const urlEnd = sites.indexOf('</S>', url) + 4;
      return `${sites.slice(0, url)}<Ref N="Owner" RefId="${refId}" /><S N="Url">https://ref.example/after-split</S>${sites.slice(urlEnd)}`;
    });
    const text = await readFile(sitesFile, 'utf8');
    expect(byteOffset(text, text.indexOf('<Ref '))).toBeGreaterThan(split);
    const one = await expectSameOnTwoThreads(exportDir);
    expect(one.errors).toEqual([]);
  });

  test('a comment full of fake object lines where the file is split: read as one reading reads it', async () => {
    const fake = '\r\n  <Obj RefId="999999"><MS><S N="Url">https://fake.example/</S><B N="ReadLocked">true</B></MS></Obj>';
    const { exportDir, sitesFile, split } = await editedExport((sites, split) => {
      // 2 MB of fake lines from 0.5 MB before the split point: adding them moves the point about 1 MB on.
      const start = sites.lastIndexOf('\n  <Obj ', split - 500_000);
      const comment = `\r\n  <!--${fake.repeat(Math.ceil(2_000_000 / fake.length))}\r\n  -->`;
      return sites.slice(0, start - 1) + comment + sites.slice(start - 1);
    });
    const text = await readFile(sitesFile, 'utf8');
    expect(byteOffset(text, text.indexOf('<!--'))).toBeLessThan(split);
    expect(byteOffset(text, text.indexOf('-->'))).toBeGreaterThan(split);
    const one = await expectSameOnTwoThreads(exportDir);
    expect(one.errors).toEqual([]);
    expect(one.outputs.get('ScannerReports/LockedSites-detail.csv')!.toString()).not.toContain('fake.example');
  });

  test('a plugin that reads every site gets them in file order from both parts', async () => {
    const { exportDir } = await editedExport((sites) => sites);
    const plugin = path.join(path.dirname(exportDir), 'count.mjs');
    await writeFile(
      plugin,
      `let n = 0;
export default {
  id: 'nth', title: 'Every 500th site', reads: ['siteCollection'], messages: { nth: '{{n}} {{url}}' },
  scan(record, ctx) { if (++n % 500 === 0) ctx.report({ messageId: 'nth', subject: record.url, data: { n, url: record.url, line: record.origin.line } }); },
};
`,
    );
    // The plugin's findings reach no report; the scan counts them by messageId, the same either way.
    const dir = path.dirname(exportDir);
    const options = (concurrency: number) => ({ exportDir, outDir: path.join(dir, `p${concurrency}`), concurrency, partBytes: PART_BYTES, plugins: [plugin], scanId: 's', scanTime: '2026-11-23T00:00:00Z', quiet: true });
    const counts = (concurrency: number) => scanInChild(options(concurrency), 'r.findingCounts');
    expect(await counts(2)).toEqual(await counts(1));
  });
});
