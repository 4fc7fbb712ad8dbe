// Before a scan writes, what a killed scan left beside the output folder is settled: if the output folder
// is missing (killed between the two renames of the switch), the old set goes back in; the user's entries
// in any leftover folder move back into the output folder; then the leftovers are removed.
import { lstat, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { foreignEntries, siblingNames } from './output-names.js';
import { moveForeign } from './output-move.js';
import { outputPoint } from './output-points.js';

/** Call with the output folder's lock held: another scan's staging folder is not a leftover. */
export async function recoverOutput(out: string): Promise<void> {
  const parent = path.dirname(out);
  const names = siblingNames(out);
  const all = await readdir(parent).catch(() => [] as string[]);
  const leftovers = all.filter((name) => name.startsWith(names.staging) || name.startsWith(names.old)).sort();
  if (leftovers.length === 0) return;
  const exists = async (p: string) => (await lstat(p).catch(() => null)) !== null;
  if (!(await exists(out))) {
    // An old set is complete; a staging folder is known complete only once the user's entries went into it.
    const old = leftovers.find((name) => name.startsWith(names.old));
    const switching = old === undefined ? await findAsync(leftovers, async (name) => (await foreignEntries(path.join(parent, name))).length > 0) : undefined;
    const back = old ?? switching;
    if (back !== undefined) {
      await rename(path.join(parent, back), out);
      leftovers.splice(leftovers.indexOf(back), 1);
      outputPoint('output.restored', out);
    }
  }
  for (const name of leftovers) {
    const dir = path.join(parent, name);
    if ((await lstat(dir)).isDirectory() && (await exists(out))) await moveForeign(dir, out);
    await rm(dir, { recursive: true, force: true });
  }
}

async function findAsync<T>(items: readonly T[], test: (item: T) => Promise<boolean>): Promise<T | undefined> {
  for (const item of items) if (await test(item)) return item;
  return undefined;
}
