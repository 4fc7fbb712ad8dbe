// The import graph of the sources: which module each file imports, type-only imports included.
import path from 'node:path';
import ts from 'typescript';

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
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.js$/, '.ts');
}

/** Each file to the files among `files` it imports, sorted. */
export function importGraph(files: ReadonlyMap<string, ts.SourceFile>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [name, file] of files) {
    const targets = specifiers(file).map((s) => resolve(name, s)).filter((t): t is string => t !== null && files.has(t));
    graph.set(name, [...new Set(targets)].sort());
  }
  return graph;
}
