// A scan's outputs are replaced as one set. The reports are written into a staging folder beside the
// output folder (same parent, so renames stay on one file system); at the end the user's entries in the
// output folder move into it, the output folder is renamed aside and the staging folder renamed in. A
// kill before that leaves the old set, after it the new one; between the two renames the output folder
// is missing for an instant, and the next scan puts the old set back first (output-recover.ts).
import { chmod, lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { syncDir } from '../io/atomic-write.js';
import { moveBack, moveForeign, type Rename } from './output-move.js';
import { foreignEntries, isOwned, REPORTS_FOLDER, siblingNames } from './output-names.js';
import { outputPoint } from './output-points.js';

export interface OutputSet {
  /** Where the reports are written until commit(). */
  dir: string;
  /** Switches the new set in for the old one. */
  commit(): Promise<void>;
  /** After a failed scan: removes the staging folder, unless it holds the user's entries (then the next scan puts them back). */
  discard(): Promise<void>;
}

export interface SwitchOptions {
  rename?: Rename;
  /** Windows: retry refused renames briefly (a virus scanner or the indexer holds a file for a moment). */
  retries?: number;
  /** Look for reports open in another program before the switch (default: on Windows, where Excel locks them). */
  probeOpen?: boolean;
}

export async function beginOutputSet(out: string, options: SwitchOptions = {}): Promise<OutputSet> {
  const move = options.rename ?? rename;
  const parent = path.dirname(out);
  const names = siblingNames(out);
  await mkdir(parent, { recursive: true });
  // Sync, so no callback (a Ctrl-C's) can run between the folder's making and the exit listener that
  // removes it: with mkdtemp's promise, a SIGINT at that moment left the staging folder behind (seen once in CI).
  const dir = mkdtempSync(path.join(parent, names.staging));
  /** From the switch on, the staging folder may hold the user's entries: never removed on exit then. */
  let userEntriesInside = false;
  const removeOnExit = () => {
    if (!userEntriesInside) rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', removeOnExit);
  await mkdir(path.join(dir, REPORTS_FOLDER));
  outputPoint('output.staging', dir);
  const retrying = (from: string, to: string) => withRetries(() => move(from, to), options.retries ?? (process.platform === 'win32' ? 10 : 0));

  return {
    dir,
    async commit() {
      const info = await lstat(out).catch(() => null);
      outputPoint('output.switch', out);
      if (info === null) {
        await retrying(dir, out).catch((error: unknown) => {
          throw switchFailed(out, error);
        });
      } else {
        if (options.probeOpen ?? process.platform === 'win32') await refuseOpenFiles(out);
        userEntriesInside = true;
        const old = path.join(parent, `${names.old}${path.basename(dir).slice(names.staging.length)}`);
        await switchWhole(out, dir, old, move, retrying);
        await chmod(out, info.mode & 0o7777).catch(() => {}); // the folder keeps its mode (after the moves: it may be read-only)
        await syncDir(parent);
        outputPoint('output.switched', out);
        // An entry the user made during the switch goes along; the old set is removed, or by the next scan.
        await moveForeign(old, out)
          .then(() => rm(old, { recursive: true, force: true }))
          .catch(() => {});
      }
      process.removeListener('exit', removeOnExit);
      if (info === null) await syncDir(parent);
      outputPoint('output.done', out);
    },
    async discard() {
      process.removeListener('exit', removeOnExit);
      // A switch that was undone took the user's entries back; one that could not be is finished by the next scan.
      if ((await foreignEntries(dir)).length === 0) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The user's entries into the staging folder, the output folder aside, the staging folder in; undone step by step if a step is refused. */
async function switchWhole(out: string, staging: string, old: string, move: Rename, retrying: Rename): Promise<void> {
  const moved: string[] = [];
  try {
    await moveForeign(out, staging, moved, move);
  } catch (error) {
    await moveBack(moved, staging, out, move);
    throw switchFailed(out, error);
  }
  try {
    await retrying(out, old);
  } catch (error) {
    await moveBack(moved, staging, out, move);
    throw switchFailed(out, error);
  }
  outputPoint('output.aside', out);
  try {
    await retrying(staging, out);
  } catch (error) {
    await move(old, out);
    await moveBack(moved, staging, out, move);
    throw switchFailed(out, error);
  }
}

async function withRetries(action: () => Promise<void>, retries: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= retries || !['EPERM', 'EBUSY', 'EACCES'].includes(code ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

type Opener = (file: string, flags: string) => Promise<{ close(): Promise<void> }>;

/** Windows: a report open in Excel (which denies others writing) cannot be replaced; say which, before anything moves. */
export async function refuseOpenFiles(out: string, openFile: Opener = open): Promise<void> {
  const inReports = await readdir(path.join(out, REPORTS_FOLDER)).catch(() => [] as string[]);
  const owned = [...(await readdir(out)), ...inReports.map((name) => `${REPORTS_FOLDER}/${name}`)].filter(isOwned).sort();
  for (const rel of owned) {
    const file = path.join(out, rel);
    if (!(await lstat(file)).isFile()) continue;
    const handle = await openFile(file, 'r+').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EBUSY') throw new UsageError(`${file}: open in another program (Excel?): close it and run the scan again. The previous reports are unchanged`);
      return null;
    });
    await handle?.close();
  }
}

function switchFailed(out: string, error: unknown): Error {
  if (error instanceof UsageError) return error;
  const e = error as NodeJS.ErrnoException;
  if (!['EPERM', 'EBUSY', 'EACCES', 'EXDEV'].includes(e.code ?? '')) return error as Error; // a full disk says so itself
  const where = e.path !== undefined && e.path !== out ? ` (${e.path})` : '';
  const hint =
    e.code === 'EXDEV'
      ? 'the output folder is on another drive than the folder holding it (a mount point): give a folder inside it'
      : 'a program may hold it or a file in it open (Excel, Explorer\'s preview pane, a command prompt in the folder): close it and run the scan again';
  return new UsageError(`${out}: cannot switch in the new reports (${e.code}${where}): ${hint}. The previous reports are unchanged`);
}
