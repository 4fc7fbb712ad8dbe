// The scan path reads as its stages (issue 14): each file of src/scan opens with a comment on its job,
// scan.ts and runner.ts call the stages, and the machinery that reads a file in parts on worker threads
// sits behind the reading stage's one interface (read-records.ts readAll).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importGraph } from './import-graph.js';
import { parse, ROOT, sourceFiles } from './source-files.js';

const SCAN = 'src/scan/';
const scanFiles = sourceFiles().filter((f) => f.startsWith(SCAN));
const graph = importGraph(new Map(sourceFiles().map((name) => [name, parse(name)])));
const importsOf = (file: string) => (graph.get(SCAN + file) ?? []).filter((f) => f.startsWith(SCAN)).map((f) => f.slice(SCAN.length));

/** Reading in parts and on workers: only the reading stage's own files may import these. */
const READING_MACHINERY = ['parallel.ts', 'parallel-protocol.ts', 'part-chain.ts', 'file-worker.ts', 'read-here.ts', 'read-in-workers.ts'];
const READING_STAGE = ['read-records.ts', 'read-plan.ts', ...READING_MACHINERY];

describe('the scan stages', () => {
  test('every file of src/scan opens with a comment', () => {
    const bare = scanFiles.filter((f) => !readFileSync(path.join(ROOT, f), 'utf8').startsWith('// '));
    expect(bare).toEqual([]);
  });

  test('scan.ts finds the files, plans the reading, runs the scanners and writes the outputs; runner.ts reads and dispatches', () => {
    expect(importsOf('scan.ts')).toEqual(expect.arrayContaining(['find-files.ts', 'read-plan.ts', 'runner.ts', 'write-outputs.ts']));
    expect(importsOf('runner.ts')).toEqual(expect.arrayContaining(['read-records.ts', 'dispatch.ts', 'finding-store.ts']));
    expect(importsOf('write-outputs.ts')).toEqual(expect.arrayContaining(['output-set.ts']));
  });

  test('reading in parts and on workers is reached only through read-records.ts', () => {
    const outside = scanFiles
      .map((f) => f.slice(SCAN.length))
      .filter((f) => !READING_STAGE.includes(f))
      .flatMap((f) => importsOf(f).filter((target) => READING_MACHINERY.includes(target)).map((target) => `${f} → ${target}`));
    expect(outside).toEqual([]);
    // Nor from outside src/scan.
    const fromElsewhere = [...graph].filter(([file]) => !file.startsWith(SCAN)).flatMap(([file, targets]) => targets.filter((t) => READING_MACHINERY.some((m) => t === SCAN + m)).map((t) => `${file} → ${t}`));
    expect(fromElsewhere).toEqual([]);
  });
});
