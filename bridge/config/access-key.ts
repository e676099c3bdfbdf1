// The per-install access key that every model endpoint requires: load, create once, compare in constant time.
import { hash, randomBytes, timingSafeEqual } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { ensurePrivateDir, errorCode, syncDir, writeTempFile } from './atomic-write.js'

export const ACCESS_KEY_FILE_NAME = 'access-key'
/** Environment variable of the earlier bridges; when set it wins over the stored key. */
export const ACCESS_KEY_ENV = 'PROXY_API_KEY'

export interface AccessKey {
  key: string
  source: 'env' | 'file' | 'generated'
  /** The key file, when the key came from or went to one. */
  path?: string
}

export function generateAccessKey(): string {
  return `sb-${randomBytes(32).toString('base64url')}`
}

export async function loadOrCreateAccessKey(
  dir: string,
  env: Record<string, string | undefined> = process.env,
): Promise<AccessKey> {
  const fromEnv = env[ACCESS_KEY_ENV]?.trim()
  if (fromEnv) return { key: fromEnv, source: 'env' }

  const path = join(dir, ACCESS_KEY_FILE_NAME)
  const existing = await readKey(path)
  if (existing !== undefined) return { key: existing, source: 'file', path }

  await ensurePrivateDir(dir)
  const key = generateAccessKey()
  const temp = await writeTempFile(path, `${key}\n`, 0o600)
  try {
    // link() refuses to replace an existing file, so two processes starting at once agree on one key.
    await fs.link(temp, path)
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      const winner = await readKey(path)
      if (winner !== undefined) return { key: winner, source: 'file', path }
    }
    // An empty key file, or a filesystem without hard links: replace the file atomically instead.
    await fs.rename(temp, path)
    await syncDir(dir)
    return { key, source: 'generated', path }
  } finally {
    await fs.rm(temp, { force: true })
  }
  await syncDir(dir)
  return { key, source: 'generated', path }
}

async function readKey(path: string): Promise<string | undefined> {
  let text: string
  try {
    text = await fs.readFile(path, 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
  const key = text.trim()
  if (key === '') return undefined
  if (process.platform !== 'win32') {
    // A key file that others can read is tightened rather than trusted as is.
    const { mode } = await fs.stat(path)
    if ((mode & 0o077) !== 0) await fs.chmod(path, 0o600)
  }
  return key
}

const sha256 = (text: string): Buffer => hash('sha256', text, 'buffer')

/** The expected key's digest, kept: every model request compares against the same key. */
let expectedDigest: { key: string; digest: Buffer } | undefined

/** Constant-time comparison: both sides are hashed first so their lengths never leak through timing. */
export function checkAccessKey(presented: string | undefined | null, expected: string): boolean {
  if (typeof presented !== 'string' || presented === '' || expected === '') return false
  if (expectedDigest?.key !== expected) expectedDigest = { key: expected, digest: sha256(expected) }
  return timingSafeEqual(sha256(presented), expectedDigest.digest)
}
