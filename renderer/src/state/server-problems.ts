// What the gateway refused on Save, tied to the fields: its messages read "providers[0].fallback[1]: …", and a
// field shows the one under its path for as long as the value it was about is unchanged.
import type { Settings } from '../../../bridge/config/schema.js'

export interface ServerProblem {
  /** Dotted, as the fields name themselves: `providers.0.fallback.1`. */
  path: string
  message: string
  /** The value at `path` when the gateway refused it (JSON), so an edit there clears the message. */
  value: string
}

/** `providers[0].headers["x-a"]` → `providers.0.headers.x-a`. */
export function dottedPath(path: string): string {
  return path
    .replace(/\[("(?:[^"\\]|\\.)*"|\d+)\]/g, (_, key: string) =>
      key.startsWith('"') ? `.${JSON.parse(key) as string}` : `.${key}`,
    )
    .replace(/^\./, '')
}

function valueAt(settings: Settings, path: string): string {
  let at: unknown = settings
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return 'undefined'
    at = (at as Record<string, unknown>)[key]
  }
  return JSON.stringify(at) ?? 'undefined'
}

/** The refusals that name a field ("path: message"); the rest stay only in the save bar's list. */
export function serverProblems(details: string[], draft: Settings): ServerProblem[] {
  const out: ServerProblem[] = []
  for (const line of details) {
    const m = /^([A-Za-z_$][\w$]*(?:\.[\w$]+|\[(?:\d+|"(?:[^"\\]|\\.)*")\])*): (.+)$/.exec(line)
    if (!m?.[1] || !m[2]) continue
    const path = dottedPath(m[1])
    out.push({ path, message: m[2], value: valueAt(draft, path) })
  }
  return out
}

/** The gateway's word on a field (or anything under it), while the user has not changed what it was about. */
export function serverProblemAt(
  problems: readonly ServerProblem[],
  draft: Settings | undefined,
  path: string,
): string | undefined {
  if (!draft) return undefined
  const hit = problems.find(
    (p) => (p.path === path || p.path.startsWith(`${path}.`)) && valueAt(draft, p.path) === p.value,
  )
  return hit?.message
}
