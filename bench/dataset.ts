// Generated exports are kept under bench/.data/<params>/ and reused: a marker written after the files
// records the params and sizes, so a half-written or stale folder is never mistaken for a good one.
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../src/io/atomic-write.js';
import { generateExport, GENERATOR_VERSION, type GenerateOptions } from './generate.js';

export interface Dataset {
  dir: string;
  files: string[];
  bytes: number;
  /** False when an earlier run's files were reused. */
  generated: boolean;
  /** Generation time; 0 when reused. */
  seconds: number;
}

const MARKER = 'dataset.json';

export function datasetName(options: GenerateOptions): string {
  return `sites-${options.sites}_apps-${options.apps}_${options.encoding}_seed-${options.seed ?? 1}`;
}

export async function ensureDataset(root: string, options: GenerateOptions): Promise<Dataset> {
  const dir = path.join(root, datasetName(options));
  const reused = await reusable(dir, options);
  if (reused) return { dir, ...reused, generated: false, seconds: 0 };
  await rm(dir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const { files, bytes } = await generateExport(dir, options);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const marker = { params: markerParams(options), bytes, files: files.map((f) => path.basename(f)) };
  await writeFileAtomic(path.join(dir, MARKER), JSON.stringify(marker, null, 2) + '\n');
  return { dir, files, bytes, generated: true, seconds };
}

function markerParams(options: GenerateOptions): object {
  return { generator: GENERATOR_VERSION, sites: options.sites, apps: options.apps, encoding: options.encoding, seed: options.seed ?? 1 };
}

async function reusable(dir: string, options: GenerateOptions): Promise<{ files: string[]; bytes: number } | null> {
  try {
    const marker = JSON.parse(await readFile(path.join(dir, MARKER), 'utf8')) as { params: unknown; bytes: number; files: string[] };
    if (JSON.stringify(marker.params) !== JSON.stringify(markerParams(options))) return null;
    const files = marker.files.map((name) => path.join(dir, name));
    const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
    return sizes.reduce((a, b) => a + b, 0) === marker.bytes ? { files, bytes: marker.bytes } : null;
  } catch {
    return null; // no marker, unreadable marker or a missing file: generate afresh
  }
}
