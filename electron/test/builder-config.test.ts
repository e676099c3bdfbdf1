// electron-builder.yml passes electron-builder's own schema and Switchboard's packaging rules; broken copies are caught.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const root = resolve(import.meta.dirname, '../..')
const { check } = require(join(root, 'scripts/check-builder-config.cjs')) as {
  check(file: string, projectDir: string): Promise<string[]>
}

let dir = ''
let original = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-builder-'))
  original = await readFile(join(root, 'electron-builder.yml'), 'utf8')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function checkVariant(name: string, edit: (yml: string) => string): Promise<string[]> {
  const edited = edit(original)
  expect(edited).not.toBe(original)
  const file = join(dir, `${name}.yml`)
  await writeFile(file, edited)
  return check(file, root)
}

describe('electron-builder.yml', () => {
  it('is valid and keeps every invariant', async () => {
    expect(await check(join(root, 'electron-builder.yml'), root)).toEqual([])
  })

  it('is rejected by electron-builder when a key is misspelled', async () => {
    await expect(
      checkVariant('typo', (y) => y.replace('category: Development', 'categroy: Development')),
    ).rejects.toThrow(/configuration\.linux/)
  })

  it('flags a weakened fuse, a missing target and native modules left in the asar', async () => {
    const problems = await checkVariant('weak', (y) =>
      y
        .replace('runAsNode: false', 'runAsNode: true')
        .replace('    - deb\n', '')
        .replace(/asarUnpack:\n\s+- ['"]\*\*\/\*\.node['"]\n/, ''),
    )
    expect(problems).toEqual([
      'linux.target must include deb',
      'electronFuses.runAsNode must be false, got true',
      'asarUnpack must unpack native .node files (keytar)',
    ])
  })

  it('flags tray images that would not be shipped', async () => {
    expect(await checkVariant('tray', (y) => y.replace('to: tray\n', 'to: images\n'))).toEqual([
      'extraResources must copy build/tray to tray',
    ])
  })
})
