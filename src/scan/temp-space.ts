// The scan's private temp folder: findings spilled past the memory limit, and report rows written while
// the scan runs, so neither is held in memory however large the farm. Made on first use with mode 0700
// (it holds the farm's URLs and application definitions, never a credential), removed when the scan ends
// or fails or the process exits. A scan killed by a signal leaves its folder behind; the folder's name
// carries the host and process id, and a later scan on the same host with the same temp root removes it
// once that process is gone and the folder has not changed for an hour.
import { closeSync, lstatSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';

/** The temp folder refused a write: the scan cannot go on without losing findings or rows, so it stops. */
export class TempFolderError extends UsageError {}

export interface TempSpace {
  /** A path for a new file in the folder; `kind` only makes the name readable. Not after dispose(). */
  newFile(kind: string): string;
  /** Appends, in order, to a file from newFile: pass many small texts rather than one joined. */
  append(file: string, pieces: ReadonlyArray<string | Uint8Array>): void;
  dispose(): void;
}

const PREFIX = 'farmscan-findings-';
/** A leftover younger than this may belong to a scan in another container that shares the folder. */
const LEFTOVER_AGE_MS = 60 * 60 * 1000;
/** The names of this host's temp folders start with this, then the process id. */
export const HOST_PREFIX = `${PREFIX}${os.hostname().replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 64) || 'host'}-`;

/** Makes nothing yet: the folder comes with the first newFile(). Removes leftovers of killed scans first. */
export function createTempSpace(tempRoot = os.tmpdir()): TempSpace {
  removeLeftovers(tempRoot);
  let dir: string | null = null;
  let files = 0;
  let disposed = false;
  const removeOnExit = () => dispose();

  const refused = (error: unknown): TempFolderError => {
    const code = (error as NodeJS.ErrnoException).code;
    const advice =
      code === 'ENOSPC' || code === 'EDQUOT'
        ? 'free some space there, or give a folder that has it (--temp-dir)'
        : 'check that it exists and can be written to, or give another (--temp-dir)';
    return new TempFolderError(`cannot write scan data to the temp folder ${dir ?? tempRoot} (${code ?? (error as Error).message}): ${advice}`);
  };

  const dispose = () => {
    disposed = true;
    process.removeListener('exit', removeOnExit);
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    dir = null;
  };

  return {
    newFile(kind) {
      // A file still being read after the scan failed must not make the folder again.
      if (disposed) throw new Error('the scan has ended: its temp folder is gone');
      if (dir === null) {
        try {
          dir = mkdtempSync(path.join(tempRoot, `${HOST_PREFIX}${process.pid}-`));
        } catch (error) {
          throw refused(error);
        }
        process.once('exit', removeOnExit);
      }
      return path.join(dir, `${files++}-${kind}`);
    },
    append(file, pieces) {
      let fd: number | null = null;
      try {
        fd = openSync(file, 'a', 0o600);
        // Writes of about 16K characters: few system calls, and no string large enough for V8 to put
        // straight into old space (which grows the heap a spill is meant to keep small).
        let batch = '';
        for (const piece of pieces) {
          if (typeof piece !== 'string') {
            if (batch.length > 0) writeSync(fd, batch);
            batch = '';
            writeSync(fd, piece);
            continue;
          }
          batch += piece;
          if (batch.length >= 16 * 1024) {
            writeSync(fd, batch);
            batch = '';
          }
        }
        if (batch.length > 0) writeSync(fd, batch);
      } catch (error) {
        throw (error as NodeJS.ErrnoException).code === undefined ? error : refused(error);
      } finally {
        if (fd !== null) closeSync(fd);
      }
    },
    dispose,
  };
}

/**
 * Removes the folders of scans killed before they could clean up: named for this host and a process that
 * no longer runs, owned by this user (where the OS says), and unchanged for LEFTOVER_AGE_MS. A folder of
 * a running scan, of another host or container, or of another user is left alone.
 */
function removeLeftovers(tempRoot: string): void {
  let names: string[];
  try {
    names = readdirSync(tempRoot);
  } catch {
    return; // the first newFile() will say what is wrong with the folder
  }
  for (const name of names) {
    if (!name.startsWith(HOST_PREFIX)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(HOST_PREFIX.length))?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    const folder = path.join(tempRoot, name);
    try {
      const info = lstatSync(folder);
      if (!info.isDirectory() || (process.getuid !== undefined && info.uid !== process.getuid())) continue;
      let changed = info.mtimeMs;
      for (const file of readdirSync(folder)) changed = Math.max(changed, statSync(path.join(folder, file)).mtimeMs);
      if (Date.now() - changed < LEFTOVER_AGE_MS) continue;
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // running, as another user
  }
}
