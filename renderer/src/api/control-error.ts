// The error every transport throws: the server's message and code, the field at fault, any itemised problems.
import type { ControlErrorBody, ControlErrorCode } from '../../../bridge/control/contract/errors.js'

export class ControlError extends Error {
  readonly details: string[]
  readonly status: number | undefined
  readonly code: ControlErrorCode | undefined
  readonly field: string | undefined

  constructor(
    message: string,
    details: string[] = [],
    status?: number,
    code?: ControlErrorCode,
    field?: string,
  ) {
    super(message)
    this.name = 'ControlError'
    this.details = details
    this.status = status
    this.code = code
    this.field = field
  }
}

/** The dispatcher's error body, as both transports carry it. */
export function errorFromControl(error: ControlErrorBody, status?: number): ControlError {
  return new ControlError(error.message, error.details ?? [], status, error.code, error.field)
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined
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
  const code =
    typeof nested?.['code'] === 'string' ? (nested['code'] as ControlErrorCode) : undefined
  const field = typeof nested?.['field'] === 'string' ? nested['field'] : undefined
  return new ControlError(message, details, status, code, field)
}

/** A readable line for any thrown value. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
