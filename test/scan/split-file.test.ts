// One big export file read on two threads, split at a top-level object (src/scan/part-chain.ts): whatever
// the file holds, the outputs are the bytes one thread writes. Workers run from the build, so the scans
// run the built library in a child process; `npm test` builds first.
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateExport } from '../../bench/generate.js';
import { planFor } from '../../src/scan/read-plan.js';
import { tempDir } from '../helpers/clixml.js';

const LIBRARY = fileURLToPath(new URL('../../dist/src/index.js', import.meta.url));
const run = promisify(execFile);
/** Small parts, so that a few MB of sites are split. */
const PART_BYTES = 1 << 20;
const twoCores = os.availableParallelism() >= 2;

interface Outcome {
  threads: number;
  /** Parts read on a worker whose reading stood. */
  parts: number;
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
  const result = (await scanInChild(options, '{ threads: r.threads, parts: r.parts, files: r.files, errors: r.errors }')) as Omit<Outcome, 'outputs'>;
  const names = (await readdir(outDir, { recursive: true })).filter((f) => f.includes('.')).sort();
  return { ...result, outputs: new Map(await Promise.all(names.map(async (f) => [f, await readFile(path.join(outDir, f))] as const))) };
}

/**
 * Scans on one thread and on two; expects the same result and the same bytes, and `parts` parts read on a
 * worker that stood (0: the part's reading was dropped and the main thread read its bytes again).
 * Returns the one-thread outcome.
 */
async function expectSameOnTwoThreads(exportDir: string, parts: 0 | 1): Promise<Outcome> {
  const dir = path.dirname(exportDir);
  const one = await scanWith(exportDir, path.join(dir, 'one'), 1);
  const two = await scanWith(exportDir, path.join(dir, 'two'), 2);
  expect(one.threads).toBe(0);
  expect(two.threads).toBe(twoCores ? 2 : 0);
  expect(two.parts).toBe(twoCores ? parts : 0);
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
async function editedExport(edit: (sites: string, split: number) => string, sites = 12_000): Promise<{ exportDir: string; sitesFile: string; split: number }> {
  const dir = await tempDir('farmscan-split-');
  const exportDir = path.join(dir, 'export');
  await generateExport(exportDir, { sites, apps: 12, encoding: 'utf8', seed: 3 });
  const sitesFile = path.join(exportDir, 'SiteCollections.xml');
  // Where the scan will split it: the plan for two threads, as on a machine with two cores.
  const splitOf = async () => {
    const files = await Promise.all(['SecureStoreApplications.xml', 'SiteCollections.xml'].map(async (name) => ({ path: path.join(exportDir, name), name, size: (await stat(path.join(exportDir, name))).size })));
    const plan = await planFor(files, 2, PART_BYTES);
    return { bytes: await readFile(sitesFile), split: plan.files[1].starts[1] };
  };
  const before = await splitOf();
  await writeFile(sitesFile, edit(before.bytes.toString('utf8'), before.bytes.subarray(0, before.split).toString('utf8').length));
  return { exportDir, sitesFile, split: (await splitOf()).split };
}

const byteOffset = (text: string, index: number) => Buffer.byteLength(text.slice(0, index));

describe('a big file read in parts on two threads', () => {
  test.each(['utf8', 'utf16le'] as const)('a %s site list: the same bytes as one thread', async (encoding) => {
    const dir = await tempDir('farmscan-split-');
    const exportDir = path.join(dir, 'export');
    await generateExport(exportDir, { sites: 12_000, apps: 12, encoding, seed: 1 });
    const one = await expectSameOnTwoThreads(exportDir, 1);
    expect(one.errors).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  // After the split point: the part there fails, and the reading before it reads on to meet the error itself.
  // Before it: the error is the file's, and the part after it does not count.
  test.each([
    ['after', (sites: string, split: number) => split + (sites.length - split) / 2, 1],
    ['before', (_: string, split: number) => split / 2, -1],
  ] as const)('an error %s the split point is reported where one reading meets it, and nothing after it counts', async (_, from, side) => {
    const { exportDir, sitesFile, split } = await editedExport((sites, split) => {
      const at = sites.indexOf('</B>', from(sites, split));
      return `${sites.slice(0, at)}</X>${sites.slice(at + 4)}`;
    });
    const text = await readFile(sitesFile, 'utf8');
    expect(Math.sign(byteOffset(text, text.indexOf('</X>')) - split)).toBe(side);
    const one = await expectSameOnTwoThreads(exportDir, 0);
    expect(JSON.stringify(one.errors)).toContain('unexpected close tag');
  });

  test('an invalid byte after the split point: the same error, at the byte, and the same sites before it', async () => {
    const { exportDir, split } = await editedExport((sites, split) => `${sites.slice(0, split + (sites.length - split) / 2)}\u0000BAD${sites.slice(split + (sites.length - split) / 2)}`);
    const sitesFile = path.join(exportDir, 'SiteCollections.xml');
    const bytes = await readFile(sitesFile);
    const at = bytes.indexOf('\u0000BAD');
    expect(at).toBeGreaterThan(split);
    bytes[at] = 0xff; // not UTF-8; the edit kept the byte count the split point was found with
    await writeFile(sitesFile, bytes);
    const one = await expectSameOnTwoThreads(exportDir, 0);
    expect(JSON.stringify(one.errors)).toContain('invalid UTF-8 byte sequence here');
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
    const one = await expectSameOnTwoThreads(exportDir, 0); // the part gave up: it cannot see objects before it
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
    const one = await expectSameOnTwoThreads(exportDir, 0);
    expect(one.errors).toEqual([]);
    expect(one.outputs.get('ScannerReports/LockedSites-detail.csv')!.toString()).not.toContain('fake.example');
  });

  // A part ahead of the reading before it holds the records a plugin needs until it stands; past
  // MAX_HELD_ITEMS (4096, runner.ts) it gives up and the reading before it reads them instead.
  test.each([
    [8_000, 'are held until the part stands', (after: number) => expect(after).toBeLessThan(4096), 1],
    [40_000, 'are too many to hold: the part gives up', (after: number) => expect(after).toBeGreaterThan(4096), 0],
  ])('a plugin that reads every site gets them in file order: %i sites, those after the split point %s', async (sites, _, check, parts) => {
    const { exportDir, sitesFile, split } = await editedExport((text) => text, sites);
    check((await readFile(sitesFile)).subarray(split).toString('utf8').split('\n  <Obj ').length - 1);
    const plugin = path.join(path.dirname(exportDir), 'count.mjs');
    await writeFile(
      plugin,
      `let n = 0;
let last = 0;
export default {
  id: 'nth', title: 'Every 500th site', reads: ['siteCollection'], messages: { nth: '{{n}} {{url}}' },
  scan(record, ctx) {
    if (record.origin.line <= last) throw new Error('line ' + record.origin.line + ' came after line ' + last);
    last = record.origin.line;
    if (++n % 500 === 0) ctx.report({ messageId: 'nth', subject: record.url, data: { n, url: record.url } });
  },
};
`,
    );
    // The plugin throws (an error row) if a site comes out of file order.
    const dir = path.dirname(exportDir);
    const options = (concurrency: number) => ({ exportDir, outDir: path.join(dir, `p${concurrency}`), concurrency, partBytes: PART_BYTES, plugins: [plugin], scanId: 's', scanTime: '2026-11-23T00:00:00Z', quiet: true });
    const counts = (concurrency: number) => scanInChild(options(concurrency), '{ threads: r.threads, parts: r.parts, counts: r.findingCounts, errors: r.errors }');
    const [one, two] = [await counts(1), await counts(2)];
    expect(two.threads).toBe(twoCores ? 2 : 0);
    expect(two.parts).toBe(twoCores ? parts : 0);
    expect(two.counts).toEqual(one.counts);
    expect(two.errors).toEqual([]);
    expect(one.errors).toEqual([]);
    expect(one.counts).toContainEqual(expect.objectContaining({ scanner: 'nth', count: Math.floor(sites / 500) }));
  });
});
