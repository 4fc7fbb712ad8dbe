// No import cycle among src/, scanners/ and reports/ (issue 14), type-only imports included: a cycle means
// two modules are one idea split in two, or a shared type lives in the wrong place.
import ts from 'typescript';
import { importGraph } from './import-graph.js';
import { parse, sourceFiles } from './source-files.js';

/** Every cycle a depth-first walk (in sorted order) closes, as `a → b → a`: at least one per tangle. */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string) => {
    const at = onPath.indexOf(node);
    if (at !== -1) {
      cycles.push([...onPath.slice(at), node].join(' → '));
      return;
    }
    if (done.has(node)) return;
    onPath.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    onPath.pop();
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node);
  return cycles;
}

describe('import cycles', () => {
  test('src/, scanners/ and reports/ import one another without a cycle', () => {
    const files = new Map(sourceFiles().map((name) => [name, parse(name)]));
    const graph = importGraph(files);
    expect([...graph.values()].flat().length).toBeGreaterThan(100); // the graph was built at all
    expect(cyclesOf(graph)).toEqual([]);
  });

  test('a cycle is found and named, a type-only or import() one too', () => {
    const probe = (name: string, text: string) => [name, ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true)] as const;
    const files = new Map([
      probe('src/scan/runner.ts', "import { a } from './dispatch.js';"),
      probe('src/scan/dispatch.ts', "import type { B } from './runner.js';"),
      probe('src/scan/file-worker.ts', "type W = import('./parallel.js').W;"),
      probe('src/scan/parallel.ts', "export type { W } from './file-worker.js';"),
      probe('src/scan/scan.ts', "import { runner } from './runner.js';"),
    ]);
    expect(cyclesOf(importGraph(files))).toEqual(['src/scan/dispatch.ts → src/scan/runner.ts → src/scan/dispatch.ts', 'src/scan/file-worker.ts → src/scan/parallel.ts → src/scan/file-worker.ts']);
  });
});
