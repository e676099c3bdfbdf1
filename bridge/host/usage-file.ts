// The ChatGPT usage the gateway last saw, per account, kept beside the settings: `switchboard status` and
// `accounts` read it, and a restarted gateway still knows which account is limited until when.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../config/atomic-write.js'
import type { StoredAccountUsage, StoredWindow } from '../upstream/chatgpt/usage-tracker.js'
import type { UsageSample } from '../upstream/chatgpt/burn-rate.js'
import { parseJson } from '../protocol/canonical/read-json.js'

export const USAGE_FILE = 'chatgpt-usage.json'

/** Best effort: a full disk must not break the request that reported the figures. */
export async function writeUsage(
  dir: string,
  accounts: Record<string, StoredAccountUsage>,
): Promise<void> {
  await writeFileAtomic(
    join(dir, USAGE_FILE),
    JSON.stringify({ version: 2, accounts }) + '\n',
    0o600,
  ).catch(() => undefined)
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined
const time = (v: unknown): number | undefined =>
  num(v) ?? (typeof v === 'string' && Number.isFinite(Date.parse(v)) ? Date.parse(v) : undefined)

function readWindow(v: unknown): StoredWindow | undefined {
  if (!isObj(v)) return undefined
  const usedPercent = num(v['usedPercent'])
  const resetsAt = time(v['resetsAt'])
  if (usedPercent === undefined || resetsAt === undefined) return undefined
  return { usedPercent, windowMinutes: num(v['windowMinutes']) ?? 0, resetsAt }
}

function readReading(v: unknown): UsageSample['fiveHour'] {
  const usedPercent = isObj(v) ? num(v['usedPercent']) : undefined
  const resetsAt = isObj(v) ? num(v['resetsAt']) : undefined
  return usedPercent === undefined || resetsAt === undefined ? undefined : { usedPercent, resetsAt }
}

function readAccount(v: unknown): StoredAccountUsage | undefined {
  if (!isObj(v)) return undefined
  const out: StoredAccountUsage = { samples: [] }
  const primary = readWindow(v['primary'])
  const secondary = readWindow(v['secondary'])
  if (primary) out.primary = primary
  if (secondary) out.secondary = secondary
  if (typeof v['planType'] === 'string') out.planType = v['planType']
  const updatedAt = time(v['updatedAt'])
  if (updatedAt !== undefined) out.updatedAt = updatedAt
  const limited = time(v['limitedUntil'])
  if (limited !== undefined) out.limitedUntil = limited
  for (const s of Array.isArray(v['samples']) ? v['samples'] : []) {
    const at = isObj(s) ? num(s['at']) : undefined
    if (!isObj(s) || at === undefined) continue
    const sample: UsageSample = { at }
    const fiveHour = readReading(s['fiveHour'])
    const weekly = readReading(s['weekly'])
    if (fiveHour) sample.fiveHour = fiveHour
    if (weekly) sample.weekly = weekly
    out.samples.push(sample)
  }
  return out
}

/**
 * Usage per account id. A file from before the account pool (one set of windows, ISO times) is read as the
 * usage of account '' (callers give it to the only or first account).
 */
export async function readUsage(dir: string): Promise<Record<string, StoredAccountUsage>> {
  let doc: unknown
  try {
    doc = parseJson(await readFile(join(dir, USAGE_FILE), 'utf8'))
  } catch {
    return {}
  }
  if (!isObj(doc)) return {}
  const out: Record<string, StoredAccountUsage> = {}
  if (doc['version'] !== 2) {
    const single = readAccount(doc)
    if (single && (single.primary || single.secondary)) out[''] = single
    return out
  }
  const accounts = doc['accounts']
  if (!isObj(accounts)) return out
  for (const [id, v] of Object.entries(accounts)) {
    const a = readAccount(v)
    if (a) out[id] = a
  }
  return out
}
