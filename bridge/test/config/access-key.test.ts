// The per-install access key: env override, creation once with a private file, constant-time check.
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  checkAccessKey,
  generateAccessKey,
  loadOrCreateAccessKey,
} from '../../config/access-key.js'

let dir: string
beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'sb-key-'))
})
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})
const posix = process.platform !== 'win32'

describe('loadOrCreateAccessKey', () => {
  it('generates an sb- key once, stores it 0600 and returns the same key afterwards', async () => {
    const home = join(dir, 'home')
    const first = await loadOrCreateAccessKey(home, {})
    expect(first.source).toBe('generated')
    expect(first.key).toMatch(/^sb-[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(first.key.slice(3), 'base64url')).toHaveLength(32)
    const path = join(home, 'access-key')
    expect(first.path).toBe(path)
    expect((await fs.readFile(path, 'utf8')).trim()).toBe(first.key)
    if (posix) {
      expect((await fs.stat(path)).mode & 0o777).toBe(0o600)
      expect((await fs.stat(home)).mode & 0o777).toBe(0o700)
    }
    const second = await loadOrCreateAccessKey(home, {})
    expect(second).toEqual({ key: first.key, source: 'file', path })
    expect(await fs.readdir(home)).toEqual(['access-key'])
  })

  it('lets PROXY_API_KEY win and writes nothing', async () => {
    const result = await loadOrCreateAccessKey(dir, { PROXY_API_KEY: ' from-env ' })
    expect(result).toEqual({ key: 'from-env', source: 'env' })
    expect(await fs.readdir(dir)).toEqual([])
  })

  it('ignores an empty PROXY_API_KEY', async () => {
    expect((await loadOrCreateAccessKey(dir, { PROXY_API_KEY: '' })).source).toBe('generated')
  })

  it('reads an existing key file and tightens its mode', async () => {
    const path = join(dir, 'access-key')
    await fs.writeFile(path, 'sb-existing\n', { mode: 0o644 })
    await fs.chmod(path, 0o644)
    expect(await loadOrCreateAccessKey(dir, {})).toEqual({
      key: 'sb-existing',
      source: 'file',
      path,
    })
    if (posix) expect((await fs.stat(path)).mode & 0o777).toBe(0o600)
  })

  it('replaces an empty key file with a new key', async () => {
    const path = join(dir, 'access-key')
    await fs.writeFile(path, '\n')
    const result = await loadOrCreateAccessKey(dir, {})
    expect(result.source).toBe('generated')
    expect((await fs.readFile(path, 'utf8')).trim()).toBe(result.key)
    expect(await fs.readdir(dir)).toEqual(['access-key'])
  })

  it('agrees on one key when several callers race to create it', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => loadOrCreateAccessKey(dir, {})),
    )
    const stored = (await fs.readFile(join(dir, 'access-key'), 'utf8')).trim()
    expect(new Set(results.map((r) => r.key))).toEqual(new Set([stored]))
    expect(await fs.readdir(dir)).toEqual(['access-key'])
  })
})

describe('generateAccessKey', () => {
  it('makes different keys', () => {
    expect(generateAccessKey()).not.toBe(generateAccessKey())
  })
})

describe('checkAccessKey', () => {
  const key = 'sb-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
  it('accepts the exact key', () => {
    expect(checkAccessKey(key, key)).toBe(true)
  })
  it('rejects other keys, including prefixes, extensions and case changes', () => {
    expect(checkAccessKey(`${key}x`, key)).toBe(false)
    expect(checkAccessKey(key.slice(0, -1), key)).toBe(false)
    expect(checkAccessKey(key.toUpperCase(), key)).toBe(false)
    expect(checkAccessKey('sb-', key)).toBe(false)
  })
  it('rejects missing or empty keys on either side', () => {
    expect(checkAccessKey(undefined, key)).toBe(false)
    expect(checkAccessKey(null, key)).toBe(false)
    expect(checkAccessKey('', key)).toBe(false)
    expect(checkAccessKey('', '')).toBe(false)
  })
})
