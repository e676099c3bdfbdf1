// Crash-safe file writes: temp file in the same directory, fsync, rename; private modes for secrets.
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'

export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 })
}

/** Writes `data` to a fresh temp file beside `path` and returns the temp path; the caller renames or links it. */
export async function writeTempFile(path: string, data: string, mode: number): Promise<string> {
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  )
  const handle = await fs.open(temp, 'wx', mode)
  try {
    await handle.writeFile(data, 'utf8')
    await handle.sync()
    // open()'s mode is filtered by the umask; chmod makes the result exact.
    await handle.chmod(mode)
  } catch (error) {
    await handle.close()
    await fs.rm(temp, { force: true })
    throw error
  }
  await handle.close()
  return temp
}

export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  await ensurePrivateDir(dirname(path))
  const temp = await writeTempFile(path, data, mode)
  try {
    await fs.rename(temp, path)
  } catch (error) {
    await fs.rm(temp, { force: true })
    throw error
  }
  await syncDir(dirname(path))
}

// Makes the rename itself durable; directories cannot be opened for fsync on Windows, which is fine to skip.
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(dir, 'r')
    await handle.sync()
  } catch {
    // Best effort: some filesystems refuse fsync on directories.
  } finally {
    await handle?.close()
  }
}

export function errorCode(error: unknown): string | undefined {
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
  )
    return error.code
  return undefined
}
