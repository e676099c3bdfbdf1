// Importing codex-chat-bridge's conf.toml into the settings document: what it would change, in words, and the
// document it gives. Shared by `switchboard import` and the UI's offer; the old file is only ever read.
import { readFile } from 'node:fs/promises'
import { isDeepStrictEqual } from 'node:util'
import { errorCode } from './atomic-write.js'
import { parseBridgeToml } from './bridge-toml.js'
import { effectiveSettings } from './effective.js'
import { ConfigError } from './errors.js'
import type { ProviderSettings, Settings } from './schema.js'

export interface BridgeImportPlan {
  /** The file read. */
  source: string
  /** The settings document after the import (not saved). */
  settings: Settings
  /** Each change to the current document, in words: providers, the default route, server and filters. */
  changes: string[]
  /** What the file says that Switchboard reads differently or not at all. */
  notes: string[]
}

/** Reads `source` and applies it to `current`; a ConfigError names the file (and the field) when it cannot. */
export async function planBridgeImport(
  source: string,
  current: Settings,
): Promise<BridgeImportPlan> {
  let text: string
  try {
    text = await readFile(source, 'utf8')
  } catch (error) {
    throw new ConfigError(`${source} cannot be read (${errorCode(error) ?? String(error)})`)
  }
  const toml = parseBridgeToml(text, source)
  // Only the file's values, not this process's environment: what is saved is what the old file said.
  const { settings, notes } = effectiveSettings(current, toml.flags, {})
  const all = [...toml.notes, ...notes]
  if (toml.flags.serverInfo)
    all.push(
      `server_info is a start-up option: pass --server-info ${toml.flags.serverInfo} to switchboard serve`,
    )
  return { source, settings, changes: describeChanges(current, settings), notes: all }
}

function providerLine(p: ProviderSettings): string {
  const parts = [`${p.kind} at ${p.baseUrl}`]
  if (p.apiKeyEnv) parts.push(`API key from $${p.apiKeyEnv}`)
  const headers = Object.keys(p.headers ?? {})
  if (headers.length > 0) parts.push(`headers ${headers.join(', ')}`)
  if (p.forwardHeaders?.length) parts.push(`forwards ${p.forwardHeaders.join(', ')}`)
  return parts.join('; ')
}

const show = (v: unknown): string => (v === undefined ? '(unset)' : JSON.stringify(v))

/** Leaf-by-leaf differences of two plain JSON values; arrays count as one value. */
function leafChanges(path: string, before: unknown, after: unknown, out: string[]): void {
  if (isDeepStrictEqual(before, after)) return
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)]))
      leafChanges(path === '' ? key : `${path}.${key}`, before[key], after[key], out)
    return
  }
  out.push(`${path}: ${show(before)} → ${show(after)}`)
}

export function describeChanges(before: Settings, after: Settings): string[] {
  const out: string[] = []
  for (const p of after.providers) {
    const old = before.providers.find((q) => q.id === p.id)
    if (!old) out.push(`add provider "${p.id}": ${providerLine(p)}`)
    else if (!isDeepStrictEqual(old, p)) out.push(`change provider "${p.id}": ${providerLine(p)}`)
  }
  if (before.defaultProvider !== after.defaultProvider)
    out.push(`default provider: ${before.defaultProvider} → ${after.defaultProvider}`)
  const { providers: _bp, defaultProvider: _bd, ...restBefore } = before
  const { providers: _ap, defaultProvider: _ad, ...restAfter } = after
  leafChanges('', restBefore, restAfter, out)
  return out
}
