// Every output and vault write goes through here: temp file opened 'wx' in the same folder, fsync,
// rename over the target, fsync the folder. A crash leaves the old file or the new one, never half;
// a symlink planted at the target is replaced, never followed (rename acts on the link itself).
import { randomBytes } from 'node:crypto';
import { constants, rmSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file; 0o600 for anything holding secrets. */
  mode?: number;
}

export type Chunk = string | Uint8Array;
export type Content = Chunk | Iterable<Chunk> | AsyncIterable<Chunk>;

/** Temp files being written: a process that exits mid-write (Ctrl-C in the CLI) removes them. */
const unfinished = new Set<string>();
process.on('exit', () => {
  for (const file of unfinished) rmSync(file, { force: true });
});

/** Writes `content` to `target` atomically. Creates the parent folder if needed. */
export async function writeFileAtomic(target: string, content: Content, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const { handle, tempPath } = await openTemp(dir, path.basename(target), options.mode ?? 0o644);
  unfinished.add(tempPath);
  try {
    try {
      await writeAll(handle, content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, target);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  } finally {
    unfinished.delete(tempPath);
  }
  await syncDir(dir);
}

async function openTemp(dir: string, base: string, mode: number): Promise<{ handle: FileHandle; tempPath: string }> {
  // O_EXCL: a file or symlink already at the temp name makes us pick another name, never write through it.
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
  for (let attempt = 0; ; attempt++) {
    const tempPath = path.join(dir, `.${base}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      return { handle: await open(tempPath, flags, mode), tempPath };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 8) throw error;
    }
  }
}

/** Bytes gathered before a write: one system call per CSV row would dominate a million-row report. */
const STAGING_BYTES = 1 << 20;
/** Staging buffers of finished writes, for the next: a scan writes its reports one after another. */
const spareStaging: Buffer[] = [];

/**
 * Writes the chunks through one reused staging buffer: no Buffer per chunk and no concatenation, so a
 * large output leaves no trail of garbage buffers behind it. A producer may reuse a chunk's memory once
 * the next chunk is pulled: the chunk has been copied or written by then.
 */
async function writeAll(handle: FileHandle, content: Content): Promise<void> {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    await handle.writeFile(content);
    return;
  }
  const staging = spareStaging.pop() ?? Buffer.allocUnsafeSlow(STAGING_BYTES);
  try {
    await writeThrough(handle, content as AsyncIterable<Chunk>, staging);
  } finally {
    // Wiped: a spare buffer holds no earlier file's bytes (the vault writes through here too).
    if (spareStaging.length < 2) spareStaging.push(staging.fill(0));
  }
}

async function writeThrough(handle: FileHandle, content: AsyncIterable<Chunk>, staging: Buffer): Promise<void> {
  let used = 0;
  const flush = async () => {
    if (used > 0) await handle.write(staging, 0, used);
    used = 0;
  };
  for await (const chunk of content) {
    // A string is measured only when it may not fit (3 bytes a UTF-16 unit at most): encoding it is one
    // pass over it, measuring it another.
    const fits = typeof chunk === 'string' ? chunk.length * 3 <= STAGING_BYTES - used : chunk.byteLength <= STAGING_BYTES - used;
    const bytes = fits ? 0 : typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.byteLength;
    if (!fits && bytes > STAGING_BYTES - used) await flush();
    if (bytes > STAGING_BYTES) await handle.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    else if (typeof chunk === 'string') used += staging.write(chunk, used, 'utf8');
    else {
      staging.set(chunk, used);
      used += chunk.byteLength;
    }
  }
  await flush();
}

/** fsync the folder so the rename itself survives a power cut. Not possible on Windows; ignored there. */
export async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // EISDIR/EPERM on some platforms: the rename is still atomic, just not yet durable.
  } finally {
    await handle?.close();
  }
}
