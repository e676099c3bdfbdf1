// The one error type for bad settings, flags and environment: a headline plus the individual problems.
export class ConfigError extends Error {
  readonly problems: readonly string[]

  constructor(message: string, problems: readonly string[] = []) {
    super(problems.length > 0 ? `${message}:\n  - ${problems.join('\n  - ')}` : message)
    this.name = 'ConfigError'
    this.problems = problems
  }
}
