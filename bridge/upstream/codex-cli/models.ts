// The models a Codex CLI offers: what its app-server lists (`model/list`), else the model its config.toml names.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { listModels } from './app-server.js'
import type { CodexProcess } from './process.js'

const LIST_TIMEOUT_MS = 20_000

/** Asks a freshly started app-server for its models; an empty list when it cannot say. */
export async function reportedModels(start: () => CodexProcess): Promise<string[]> {
  try {
    const proc = start()
    try {
      return await withTimeout(listModels(proc), LIST_TIMEOUT_MS)
    } finally {
      await proc.kill()
    }
  } catch {
    return []
  }
}

/** The `model = "…"` line of Codex's config.toml, as a one-element list (empty without one). */
export function configuredModel(codexHome: string): string[] {
  try {
    const toml = readFileSync(join(codexHome, 'config.toml'), 'utf8')
    const m = /^\s*model\s*=\s*"([^"]+)"/m.exec(toml)
    return m?.[1] ? [m[1]] : []
  } catch {
    return []
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out')), ms)
    p.then(
      (v) => {
        clearTimeout(t)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(t)
        reject(e instanceof Error ? e : new Error(String(e)))
      },
    )
  })
}
