// The error every transport throws: the server's message plus any itemised problems (e.g. settings errors).
export class ControlError extends Error {
  readonly details: string[]
  readonly status: number | undefined

  constructor(message: string, details: string[] = [], status?: number) {
    super(message)
    this.name = 'ControlError'
    this.details = details
    this.status = status
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
}

/** Reads the common error envelopes: `{ error: { message, details } }`, `{ error: '…', errors: [] }`, `{ message }`. */
export function errorFromBody(body: unknown, fallback: string, status?: number): ControlError {
  const root = record(body)
  const nested = record(root?.['error'])
  const message =
    (typeof nested?.['message'] === 'string' && nested['message']) ||
    (typeof root?.['error'] === 'string' && root['error']) ||
    (typeof root?.['message'] === 'string' && root['message']) ||
    fallback
  const details = [
    ...strings(nested?.['details']),
    ...strings(nested?.['errors']),
    ...strings(root?.['details']),
    ...strings(root?.['errors']),
  ]
  return new ControlError(message, details, status)
}

/** A readable line for any thrown value. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
