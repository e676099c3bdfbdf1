// The environment variables of Codex-Wrapper and the Codex completions API, as codex-cli provider settings.
import { ConfigError } from './errors.js'
import type { CodexCliSettings, Settings } from './schema.js'

type Env = Record<string, string | undefined>

const SANDBOXES = ['read-only', 'workspace-write', 'danger-full-access'] as const
const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const

/** The variables this reads, for the README and for notes. */
export const CODEX_ENV_NAMES = [
  'CODEX_PATH',
  'CODEX_BIN',
  'CODEX_WORKDIR',
  'CODEX_SANDBOX_MODE',
  'CODEX_ALLOW_DANGER_FULL_ACCESS',
  'CODEX_TIMEOUT',
  'CODEX_REASONING_EFFORT',
  'CODEX_MODEL',
  'RATE_LIMIT_PER_MINUTE',
  'CODEX_LOCAL_ONLY',
] as const

/** Settings from those variables (only the ones set); throws ConfigError naming the variable at fault. */
export function codexSettingsFromEnv(env: Env): { codex: CodexCliSettings; names: string[] } {
  const codex: CodexCliSettings = {}
  const names: string[] = []
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim()
    if (v === undefined || v === '') return undefined
    names.push(name)
    return v
  }
  const path = get('CODEX_PATH') ?? get('CODEX_BIN')
  if (path !== undefined) codex.path = path
  const workdir = get('CODEX_WORKDIR')
  if (workdir !== undefined) codex.workingDirectory = workdir
  const sandbox = get('CODEX_SANDBOX_MODE')
  if (sandbox !== undefined) codex.sandbox = oneOf('CODEX_SANDBOX_MODE', sandbox, SANDBOXES)
  const danger = get('CODEX_ALLOW_DANGER_FULL_ACCESS')
  if (danger !== undefined)
    codex.allowDangerFullAccess = flag('CODEX_ALLOW_DANGER_FULL_ACCESS', danger)
  const timeout = get('CODEX_TIMEOUT')
  if (timeout !== undefined)
    codex.timeoutMs = Math.round(number('CODEX_TIMEOUT', timeout, 1) * 1000)
  const effort = get('CODEX_REASONING_EFFORT')
  if (effort !== undefined)
    codex.effort = oneOf('CODEX_REASONING_EFFORT', effort.toLowerCase(), EFFORTS)
  const model = get('CODEX_MODEL')
  if (model !== undefined) codex.model = model
  const rate = get('RATE_LIMIT_PER_MINUTE')
  if (rate !== undefined) codex.ratePerMinute = Math.floor(number('RATE_LIMIT_PER_MINUTE', rate, 0))
  const local = get('CODEX_LOCAL_ONLY')
  if (local !== undefined) codex.localOnly = flag('CODEX_LOCAL_ONLY', local)
  return { codex, names }
}

/** Applies them to every codex-cli provider (environment over settings file, as for every other variable). */
export function applyCodexEnv(settings: Settings, env: Env, notes: string[]): void {
  const { codex, names } = codexSettingsFromEnv(env)
  if (names.length === 0) return
  const providers = settings.providers.filter((p) => p.kind === 'codex-cli')
  for (const p of providers) p.codex = { ...p.codex, ...codex }
  if (providers.length > 0)
    notes.push(
      `codex-cli provider${providers.length === 1 ? '' : 's'} ${providers.map((p) => `'${p.id}'`).join(', ')} configured from ${names.join(', ')}`,
    )
  else
    notes.push(
      `${names.join(', ')} set, but no codex-cli provider is configured (start with --upstream-wire codex-cli)`,
    )
}

function oneOf<T extends string>(name: string, value: string, options: readonly T[]): T {
  const found = options.find((o) => o === value)
  if (found === undefined)
    throw new ConfigError(`${name} must be one of ${options.join(', ')}, got '${value}'`)
  return found
}

function flag(name: string, value: string): boolean {
  const v = value.toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(v)) return true
  if (['0', 'false', 'no', 'off'].includes(v)) return false
  throw new ConfigError(`${name} must be 1/0 or true/false, got '${value}'`)
}

function number(name: string, value: string, min: number): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < min)
    throw new ConfigError(`${name} must be a number ≥ ${min}, got '${value}'`)
  return n
}
