// Moving the user's entries between an output folder and the folders beside it: by rename, never by
// copy and delete, so an entry is always in one place whole. Nothing of the user's is ever deleted.
import { lstat, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { foreignEntries, REPORTS_FOLDER } from './output-names.js';
import { outputPoint } from './output-points.js';

export type Rename = (from: string, to: string) => Promise<void>;

/** Moves every entry of `from` that farmscan does not own into `to`, adding each to `moved` once it is. */
export async function moveForeign(from: string, to: string, moved: string[] = [], move: Rename = rename): Promise<string[]> {
  for (const rel of await foreignEntries(from)) {
    const target = path.join(to, rel);
    if ((await lstat(target).catch(() => null)) !== null) {
      throw new UsageError(`${path.join(from, rel)}: cannot be moved back into ${to}, which holds an entry of that name: move one of them yourself`);
    }
    if (rel.startsWith(`${REPORTS_FOLDER}/`)) await mkdir(path.join(to, REPORTS_FOLDER), { recursive: true });
    await move(path.join(from, rel), target);
    moved.push(rel);
    outputPoint('output.move', target);
  }
  return moved;
}

/** Puts moved entries back where they were (after a switch that could not be completed). */
export async function moveBack(moved: readonly string[], from: string, to: string, move: Rename = rename): Promise<void> {
  for (const rel of moved) await move(path.join(from, rel), path.join(to, rel));
}
