// The coded error host methods throw and the dispatcher turns into a ControlErrorBody for either transport.
import { ConfigError } from '../config/errors.js'
import type { ControlErrorBody, ControlErrorCode } from './contract/errors.js'

export class ControlFailure extends Error {
  readonly code: ControlErrorCode
  readonly field: string | undefined
  readonly details: readonly string[]

  constructor(
    code: ControlErrorCode,
    message: string,
    options: { field?: string; details?: readonly string[] } = {},
  ) {
    super(message)
    this.name = 'ControlFailure'
    this.code = code
    this.field = options.field
    this.details = options.details ?? []
  }

  toBody(): ControlErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.details.length > 0 ? { details: [...this.details] } : {}),
    }
  }
}

/**
 * The field a settings problem names: problems are worded `field: what is wrong` (validate.ts) or
 * `unknown setting field`.
 */
export function fieldOf(problem: string): string | undefined {
  const unknown = /^unknown setting (\S+)/.exec(problem)
  if (unknown) return unknown[1]
  const named = /^([A-Za-z_$][\w$.-]*(?:\[[^\]]*\][\w$.-]*)*):\s/.exec(problem)
  return named?.[1]
}

/** Settings that were refused: every problem listed, the first field named. */
export function invalidSettings(headline: string, problems: readonly string[]): ControlFailure {
  const field = problems.map(fieldOf).find((f) => f !== undefined)
  return new ControlFailure('invalid_settings', `${headline}: ${problems.join('; ')}`, {
    ...(field !== undefined ? { field } : {}),
    details: problems,
  })
}

/** A ConfigError (from validation or the flags/environment overlay) as refused settings. */
export function fromConfigError(headline: string, error: ConfigError): ControlFailure {
  const problems = error.problems.length > 0 ? error.problems : [error.message]
  return invalidSettings(headline, problems)
}
