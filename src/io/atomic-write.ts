// Every output and vault write goes through here: temp file opened 'wx' in the same folder, fsync,
// rename over the target, fsync the folder. A crash leaves the old file or the new one, never half;
// a symlink planted at the target is replaced, never followed (rename acts on the link itself).
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file; 0o600 for anything holding secrets. */
  mode?: number;
}

export type Chunk = string | Uint8Array;
export type Content = Chunk | Iterable<Chunk> | AsyncIterable<Chunk>;

/** Writes `content` to `target` atomically. Creates the parent folder if needed. */
export async function writeFileAtomic(target: string, content: Content, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const { handle, tempPath } = await openTemp(dir, path.basename(target), options.mode ?? 0o644);
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

async function writeAll(handle: FileHandle, content: Content): Promise<void> {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    await handle.writeFile(content);
    return;
  }
  // Batch small chunks: one syscall per CSV row would dominate a million-row report.
  let pending: Buffer[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    await handle.write(Buffer.concat(pending, size));
    pending = [];
    size = 0;
  };
  for await (const chunk of content as AsyncIterable<Chunk>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    pending.push(buffer);
    size += buffer.length;
    if (size >= 1 << 20) await flush();
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
