// The opt-in file store: explicit opt-in, private modes, atomic writes, no lost concurrent updates.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FileSecretStore } from '../../secrets/file-secret-store.js'
import type { FileSecretStoreOptions } from '../../secrets/file-secret-store.js'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sb-secrets-'))
})
afterEach(async () => rm(root, { recursive: true, force: true }))

describe('FileSecretStore', () => {
  it('refuses to exist without an explicit opt-in', () => {
    expect(
      () =>
        new FileSecretStore({ path: join(root, 's.json') } as unknown as FileSecretStoreOptions),
    ).toThrow(/optIn: true/)
  })

  it('keeps secrets in a 0600 file inside a 0700 directory', async () => {
    const dir = join(root, 'nested', 'switchboard')
    const store = new FileSecretStore({ path: join(dir, 'secrets.json'), optIn: true })
    expect(store.kind).toBe('file')
    expect(await store.get('chatgpt-tokens')).toBeNull()
    await store.set('chatgpt-tokens', '{"a":"ä€"}')
    expect(await store.get('chatgpt-tokens')).toBe('{"a":"ä€"}')
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toEqual({
      version: 1,
      secrets: { 'chatgpt-tokens': '{"a":"ä€"}' },
    })
    expect(await store.delete('chatgpt-tokens')).toBe(true)
    expect(await store.delete('chatgpt-tokens')).toBe(false)
    expect(await store.get('chatgpt-tokens')).toBeNull()
  })

  it('loses nothing under concurrent writes and leaves no temp files', async () => {
    const store = new FileSecretStore({ path: join(root, 'secrets.json'), optIn: true })
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.set(`k${i}`, `v${i}`)))
    const again = new FileSecretStore({ path: join(root, 'secrets.json'), optIn: true })
    for (let i = 0; i < 25; i++) expect(await again.get(`k${i}`)).toBe(`v${i}`)
    expect(readdirSync(root)).toEqual(['secrets.json'])
  })
})
