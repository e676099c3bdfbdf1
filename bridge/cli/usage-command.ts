// `switchboard usage [--json] [--days N]`: the token history per day × model × provider × account.
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError } from '../config/errors.js'
import { resolveServeConfig } from '../config/serve-config.js'
import type { UsageRow } from '../control/contract/usage-history.js'
import { USAGE_DB_FILE, UsageDb } from '../usage/usage-db.js'

const COLUMNS: { title: string; value: (r: UsageRow) => string; right?: boolean }[] = [
  { title: 'day', value: (r) => r.day },
  { title: 'provider', value: (r) => r.provider },
  { title: 'account', value: (r) => r.account || '-' },
  { title: 'model', value: (r) => r.model },
  { title: 'input', value: (r) => count(r.inputTokens), right: true },
  { title: 'cached', value: (r) => count(r.cachedInputTokens), right: true },
  { title: 'output', value: (r) => count(r.outputTokens), right: true },
  { title: 'reasoning', value: (r) => count(r.reasoningTokens), right: true },
]

function count(n: number): string {
  return n.toLocaleString('en-US')
}

/** The rows as an aligned text table, with a total line when there is more than one row. */
export function usageTable(rows: UsageRow[]): string {
  if (rows.length === 0) return 'No usage recorded in this period.\n'
  const cells = rows.map((r) => COLUMNS.map((c) => c.value(r)))
  if (rows.length > 1) {
    const sum = (pick: (r: UsageRow) => number): string =>
      count(rows.reduce((a, r) => a + pick(r), 0))
    cells.push([
      'total',
      '',
      '',
      '',
      sum((r) => r.inputTokens),
      sum((r) => r.cachedInputTokens),
      sum((r) => r.outputTokens),
      sum((r) => r.reasoningTokens),
    ])
  }
  const widths = COLUMNS.map((c, i) =>
    Math.max(c.title.length, ...cells.map((r) => r[i]?.length ?? 0)),
  )
  const line = (values: string[]): string =>
    values
      .map((v, i) => (COLUMNS[i]?.right ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(COLUMNS.map((c) => c.title)), ...cells.map(line)].join('\n') + '\n'
}

export async function runUsage(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      days: { type: 'string' },
      config: { type: 'string' },
    },
    strict: true,
  })
  const days = values.days === undefined ? 30 : Number(values.days)
  if (!Number.isInteger(days) || days < 1)
    throw new ConfigError(`--days: expected a whole number of days ≥ 1, got '${values.days}'`)
  const resolved = await resolveServeConfig(
    { upstreamHeaders: {}, ...(values.config ? { config: values.config } : {}) },
    env,
  )
  const path = join(dirname(resolved.settingsPath), USAGE_DB_FILE)
  let rows: UsageRow[] = []
  // Read-only beside a running gateway; a history that was never written is simply empty.
  let db: UsageDb | undefined
  try {
    db = UsageDb.openReadOnly(path)
    rows = db?.rows(days) ?? []
  } catch (error) {
    throw new ConfigError(
      `the usage history ${path} cannot be read (${(error as Error).message}); the gateway moves a broken file aside when it starts`,
    )
  } finally {
    db?.close()
  }
  out.write(values.json ? JSON.stringify(rows, null, 2) + '\n' : usageTable(rows))
  return 0
}
