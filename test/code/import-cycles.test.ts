// No import cycle among src/, scanners/ and reports/ (issue 14), type-only imports included: a cycle means
// two modules are one idea split in two, or a shared type lives in the wrong place.
import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { parse, ROOT, sourceFiles } from './source-files.js';

/** Every module specifier a file names: imports and re-exports (type-only too), `import()` calls and types. */
function specifiers(file: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) found.push(node.argument.literal.text);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) found.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** A relative `./x.js` to the repository path of its source, `x.ts`; null for packages and node: modules. */
function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.js$/, '.ts');
  return existsSync(path.join(ROOT, target)) ? target : null;
}

function importGraph(files: ReadonlyMap<string, ts.SourceFile>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [name, file] of files) {
    const targets = specifiers(file).map((s) => resolve(name, s)).filter((t): t is string => t !== null && files.has(t));
    graph.set(name, [...new Set(targets)].sort());
  }
  return graph;
}

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
