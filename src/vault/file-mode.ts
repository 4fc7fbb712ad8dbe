// Secrets files are 0600. `mode` only applies to newly created files, so an existing wider mode
// (a copy made under umask 022, a restore) is tightened on open. POSIX only: Windows has ACLs instead.
import { chmod, lstat } from 'node:fs/promises';

/** Tightens `file` to 0600 when group or others have any access. Returns true when it changed it. */
export async function tightenMode(file: string): Promise<boolean> {
  if (process.platform === 'win32') return false;
  let mode: number;
  try {
    const stats = await lstat(file);
    if (!stats.isFile()) return false;
    mode = stats.mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if ((mode & 0o077) === 0) return false;
  await chmod(file, 0o600);
  return true;
}
