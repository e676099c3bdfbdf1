// The last ChatGPT usage windows the gateway saw, kept beside the settings for `switchboard status`.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../config/atomic-write.js'
import type { UsageWindow, UsageWindows } from '../control/contract.js'

export const USAGE_FILE = 'chatgpt-usage.json'

/** Best effort: a full disk must not break the request that reported the figures. */
export async function writeUsage(dir: string, usage: UsageWindows): Promise<void> {
  await writeFileAtomic(join(dir, USAGE_FILE), JSON.stringify(usage) + '\n', 0o600).catch(
    () => undefined,
  )
}

export async function readUsage(dir: string): Promise<UsageWindows | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, USAGE_FILE), 'utf8')) as UsageWindows
  } catch {
    return undefined
  }
}

function line(label: string, w: UsageWindow | undefined, now: number): string | undefined {
  if (!w) return undefined
  const reset = w.resetsAt ? Date.parse(w.resetsAt) : NaN
  const inMin = Number.isFinite(reset) ? Math.max(0, Math.round((reset - now) / 60_000)) : undefined
  const when =
    inMin === undefined
      ? ''
      : inMin >= 120
        ? `, resets in ${Math.round(inMin / 60)} h`
        : `, resets in ${inMin} min`
  return `  ${label.padEnd(17)}${Math.round(w.usedPercent)}% used${when}`
}

export function describeUsage(u: UsageWindows, now = Date.now()): string[] {
  const seen = u.updatedAt ? ` (as of ${new Date(u.updatedAt).toLocaleString()})` : ''
  return [
    `  usage${seen}:`,
    line('5-hour window:', u.primary, now),
    line('weekly window:', u.secondary, now),
  ].filter((l): l is string => l !== undefined)
}
