// Problems with a settings draft, found as the user types, each tied to the field (path) that has it.
import type { Settings } from '../../../bridge/config/schema.js'

export interface DraftProblem {
  /** Dotted path of the field, e.g. `providers.2.baseUrl`; the field shows the message beside it. */
  path: string
  /** Which field, in words, for the list in the save bar (e.g. "Provider groq: Base URL"). */
  field: string
  message: string
}

const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]*$/
// RFC 9110 token characters: what a header name may contain.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const GLOB = /^[A-Za-z0-9._:/@*?[\]-]+$/

export function urlProblem(value: string): string | undefined {
  if (value.trim() === '') return 'Enter the base URL, e.g. https://api.example.com/v1'
  try {
    const url = new URL(value)
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return 'Use an http:// or https:// URL'
  } catch {
    return 'Not a URL: it should look like https://api.example.com/v1'
  }
  return undefined
}

export function headerNameProblem(name: string): string | undefined {
  if (name === '') return undefined
  return HEADER_NAME.test(name)
    ? undefined
    : `"${name}" is not a header name (letters, digits and - only)`
}

export function draftProblems(s: Settings): DraftProblem[] {
  const out: DraftProblem[] = []
  const add = (path: string, field: string, message: string | undefined) => {
    if (message) out.push({ path, field, message })
  }
  if (s.server.host.trim() === '') add('server.host', 'Host', 'Enter a host, e.g. 127.0.0.1')
  if (!Number.isInteger(s.server.port) || s.server.port < 0 || s.server.port > 65535)
    add('server.port', 'Port', 'A port is a whole number from 0 to 65535')
  const ids = new Set<string>()
  s.providers.forEach((p, i) => {
    const who = `Provider ${p.id || i + 1}`
    if (!PROVIDER_ID.test(p.id))
      add(
        `providers.${i}.id`,
        `${who}: ID`,
        'Lower-case letters, digits, . _ - (starting with a letter or digit)',
      )
    else if (ids.has(p.id))
      add(`providers.${i}.id`, `${who}: ID`, `Another provider is already called "${p.id}"`)
    ids.add(p.id)
    if (p.kind !== 'codex-cli')
      add(`providers.${i}.baseUrl`, `${who}: Base URL`, urlProblem(p.baseUrl))
    for (const header of Object.keys(p.headers ?? {}))
      add(`providers.${i}.headers`, `${who}: Fixed headers`, headerNameProblem(header))
    for (const header of p.forwardHeaders ?? [])
      add(`providers.${i}.forwardHeaders`, `${who}: Forwarded headers`, headerNameProblem(header))
    spendingProblems(p, i, who, add)
  })
  s.routing.rules.forEach((r, i) => {
    const rule = `Rule ${i + 1}`
    if (r.match.trim() === '')
      add(`routing.rules.${i}.match`, `${rule}: pattern`, 'Enter a model pattern, e.g. claude-*')
    else if (!GLOB.test(r.match))
      add(
        `routing.rules.${i}.match`,
        `${rule}: pattern`,
        'A pattern is a model name with * or ? wildcards, no spaces',
      )
    if (!ids.has(r.provider))
      add(
        `routing.rules.${i}.provider`,
        `${rule}: provider`,
        `No provider is called "${r.provider}"`,
      )
  })
  if (!ids.has(s.defaultProvider))
    add(
      'defaultProvider',
      'Default provider',
      `The default provider "${s.defaultProvider}" does not exist`,
    )
  for (const header of s.forwardHeaders)
    add('forwardHeaders', 'Headers forwarded to every provider', headerNameProblem(header))
  return out
}

/** A price or cap is a number of dollars, 0 or more; a price set is all three or none. */
function moneyProblem(value: number | undefined, what: string): string | undefined {
  if (value === undefined) return undefined
  if (!Number.isFinite(value)) return `Enter ${what} in USD (a number such as 1.25)`
  return value < 0
    ? `${what[0]?.toUpperCase() ?? ''}${what.slice(1)} cannot be negative`
    : undefined
}

function spendingProblems(
  p: Settings['providers'][number],
  i: number,
  who: string,
  add: (path: string, field: string, message: string | undefined) => void,
): void {
  const percent = p.accounts?.switchAtPercent
  if (percent !== undefined && !(percent >= 1 && percent <= 100))
    add(
      `providers.${i}.accounts.switchAtPercent`,
      `${who}: Switch at`,
      'A percentage from 1 to 100',
    )
  add(
    `providers.${i}.spendCap.dailyUsd`,
    `${who}: Daily cap`,
    moneyProblem(p.spendCap?.dailyUsd, 'the daily cap'),
  )
  add(
    `providers.${i}.spendCap.monthlyUsd`,
    `${who}: Monthly cap`,
    moneyProblem(p.spendCap?.monthlyUsd, 'the monthly cap'),
  )
  if (p.prices) {
    const prices = p.prices
    const wrong = (['input', 'cachedInput', 'output'] as const).find(
      (k) => !Number.isFinite(prices[k]) || prices[k] < 0,
    )
    if (wrong)
      add(
        `providers.${i}.prices`,
        `${who}: Prices`,
        'Enter all three prices (input, cached input, output) as USD per million tokens, or clear all three',
      )
  }
}

/** Rules and families that name a provider: removing it would leave them pointing nowhere. */
export function providerUsers(s: Settings, id: string): string[] {
  const users = s.routing.rules.flatMap((r, i) =>
    r.provider === id ? [`rule ${i + 1} (${r.match})`] : [],
  )
  for (const [family, target] of Object.entries(s.routing.families))
    if (target?.split('/')[0] === id) users.push(`the ${family} family`)
  if (s.defaultProvider === id) users.unshift('the default route')
  return users
}
