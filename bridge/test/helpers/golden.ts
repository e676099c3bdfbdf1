// Golden files: compared on every run, rewritten only with UPDATE_GOLDEN=1 (and reviewed as diffs).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { expect } from 'vitest'

export function expectGolden(path: string, actual: string): void {
  const update = process.env['UPDATE_GOLDEN'] === '1'
  if (update || (!existsSync(path) && process.env['CI'] !== 'true')) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, actual)
    return
  }
  if (!existsSync(path))
    throw new Error(`missing golden ${path}; run npm run test:golden:update and review the diff`)
  expect(actual).toBe(readFileSync(path, 'utf8'))
}
