// The one control dispatcher: method name → schema check → host call → ControlResult with a coded error.
// Both transports (IPC, HTTP) call this and keep only what is theirs: sender checks, tokens, framing.
import { ConfigError } from '../config/errors.js'
import { CONTROL_METHODS, type ControlApi, type ControlMethod } from './contract.js'
import type { ControlResult } from './contract/errors.js'
import { ControlFailure, fromConfigError } from './control-failure.js'
import { argumentProblems } from './method-schemas.js'

const METHODS = new Set<string>(CONTROL_METHODS)

export function isControlMethod(name: string): name is ControlMethod {
  return METHODS.has(name)
}

/** Never throws and never returns a stack: every failure is a ControlErrorBody. */
export async function dispatch(
  host: ControlApi,
  method: string,
  arg: unknown,
): Promise<ControlResult> {
  if (!isControlMethod(method)) {
    return {
      ok: false,
      error: {
        code: 'unknown_method',
        message: `Unknown control method ${JSON.stringify(method).slice(0, 80)}.`,
      },
    }
  }
  const problems = argumentProblems(method, arg)
  const first = problems[0]
  if (first) {
    const lines = problems.map((p) => `${p.field}: ${p.message}`)
    return {
      ok: false,
      error: {
        code: 'invalid_argument',
        message: `${method}: invalid argument: ${lines.join('; ')}`,
        field: first.field,
        details: lines,
      },
    }
  }
  try {
    const run = host[method] as (this: ControlApi, arg?: unknown) => Promise<unknown>
    const value = await run.call(host, arg ?? undefined)
    return { ok: true, value: value === undefined ? null : value }
  } catch (error) {
    if (error instanceof ControlFailure) return { ok: false, error: error.toBody() }
    if (error instanceof ConfigError)
      return { ok: false, error: fromConfigError(`${method} refused`, error).toBody() }
    return {
      ok: false,
      error: { code: 'internal', message: error instanceof Error ? error.message : String(error) },
    }
  }
}
