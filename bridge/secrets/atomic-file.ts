// Private, crash-safe file writes for secrets: temp file beside the target, fsync, rename; 0600 files in 0700 dirs.
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'

export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 })
}

/** Replaces `path` with `data` in one rename, so readers see the old or the new file and never half of one. */
export async function writePrivateFileAtomic(
  path: string,
  data: string,
  mode = 0o600,
): Promise<void> {
  const dir = dirname(path)
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await fs.open(temp, 'wx', mode)
  try {
    await handle.writeFile(data, 'utf8')
    await handle.sync()
    await handle.close()
    // open()'s mode is filtered by the umask; chmod makes the result exact.
    await fs.chmod(temp, mode)
    await fs.rename(temp, path)
  } catch (error) {
    await handle.close().catch(() => undefined)
    await fs.rm(temp, { force: true })
    throw error
  }
  await syncDir(dir)
}

async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(dir, 'r')
    await handle.sync()
  } catch {
    // Some filesystems refuse fsync on directories; the rename already happened.
  } finally {
    await handle?.close()
  }
}

export function errnoCode(error: unknown): string | undefined {
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
  )
    return error.code
  return undefined
}
