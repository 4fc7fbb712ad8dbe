// What farmscan owns in an output folder, and the names of the folders and the lock it keeps beside it.
// farmscan owns only the files it writes (and the numbered parts and temp files of those); anything
// else in the output folder is the user's and moves with the folder when a new set is switched in.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { builtInReports } from '../../reports/index.js';
import { UsageError } from '../errors.js';
import { PLAN_FILE } from './plan-output.js';

export const REPORTS_FOLDER = 'ScannerReports';

const OWNED = new Set([...builtInReports.flatMap((report) => report.files), PLAN_FILE]);

/** `rel`: a path in the output folder with forward slashes. */
export function isOwned(rel: string): boolean {
  if (OWNED.has(rel)) return true;
  const part = /^(.+)-([1-9]\d*)\.csv$/.exec(rel); // SiteLocks-detail-2.csv (csvPartNames)
  if (part !== null && Number(part[2]) >= 2 && OWNED.has(`${part[1]}.csv`)) return true;
  const dir = path.posix.dirname(rel);
  const temp = /^\.(.+)\.[0-9a-f]{12}\.tmp$/.exec(path.posix.basename(rel)); // left by writeFileAtomic
  return temp !== null && isOwned(dir === '.' ? temp[1] : `${dir}/${temp[1]}`);
}

/** The user's entries in a folder laid out as an output folder: everything at its root or in ScannerReports/ that farmscan does not own. */
export async function foreignEntries(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const foreign = names.filter((name) => name !== REPORTS_FOLDER && !isOwned(name)).sort();
  if (!names.includes(REPORTS_FOLDER)) return foreign;
  const reports = path.join(dir, REPORTS_FOLDER);
  if (!(await lstat(reports)).isDirectory()) return [...foreign, REPORTS_FOLDER];
  const inner = (await readdir(reports)).map((name) => `${REPORTS_FOLDER}/${name}`).filter((rel) => !isOwned(rel));
  return [...foreign, ...inner.sort()];
}

/** Beside the output folder `out`: staging folders of new sets, old sets on their way out, the lock. */
export function siblingNames(out: string) {
  const prefix = `.${path.basename(out)}.farmscan-`;
  return {
    prefix,
    staging: `${prefix}new-`,
    old: `${prefix}old-`,
    lock: path.join(path.dirname(out), `${prefix}lock`),
  };
}

/** The output folder can be switched as a whole: checked before the scan reads anything. */
export async function checkOutDir(out: string, cwd: string): Promise<void> {
  if (path.dirname(out) === out) throw new UsageError(`${out}: the output folder cannot be the root of a drive (farmscan replaces the folder as a whole)`);
  const info = await lstat(out).catch(() => null);
  if (info === null) return;
  if (!info.isDirectory()) throw new UsageError(`${out}: the output folder exists and is not a folder`);
  const inside = path.relative(out, cwd);
  if (inside === '' || (!inside.startsWith('..') && !path.isAbsolute(inside))) {
    throw new UsageError(`${out}: the output folder holds the current folder; farmscan replaces it as a whole at the end of the scan: run farmscan from another folder or give another --out`);
  }
  const reports = await lstat(path.join(out, REPORTS_FOLDER)).catch(() => null);
  if (reports !== null && !reports.isDirectory()) throw new UsageError(`${path.join(out, REPORTS_FOLDER)}: is in the way (farmscan writes its reports into a folder of this name)`);
}
