// Stage 1, find the files: every *.xml below the export folder but the output folder's, in the order
// the reports list them.
import path from 'node:path';
import fg from 'fast-glob';
import { compareOrdinal } from '../ordinal.js';
import type { ExportFile } from './run-types.js';

/** Sorted by path, code unit by code unit (the same on every machine). */
export async function findExportFiles(exportDir: string, outDir: string): Promise<ExportFile[]> {
  const entries = await fg('**/*.xml', {
    cwd: exportDir,
    caseSensitiveMatch: false,
    onlyFiles: true,
    followSymbolicLinks: false,
    dot: false,
    stats: true, // sizes, for the progress bar
  });
  const inside = path.relative(exportDir, outDir);
  const skipOut = inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside) ? `${inside.split(path.sep).join('/')}/` : null;
  return entries
    .filter((entry) => skipOut === null || !entry.path.startsWith(skipOut))
    .sort((a, b) => compareOrdinal(a.path, b.path))
    .map((entry) => ({ path: path.join(exportDir, entry.path), name: entry.path, size: entry.stats?.size ?? 0 }));
}
