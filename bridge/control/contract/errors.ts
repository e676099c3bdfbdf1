// How a control call fails, the same on both transports: the coded error body, the result envelope and the
// HTTP status of each code.
/**
 * Why a control call failed, the same on both transports. HTTP maps each code to a status
 * (CONTROL_ERROR_STATUS); IPC carries it in the result envelope.
 */
export type ControlErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'unsupported_media_type'
  | 'unknown_method'
  | 'invalid_argument'
  | 'invalid_settings'
  | 'not_found'
  | 'unavailable'
  | 'internal'

export interface ControlErrorBody {
  code: ControlErrorCode
  message: string
  /** The first field at fault (`server.host`, `key`); `details` lists every problem. */
  field?: string
  details?: string[]
}

/** Every control call answers with one of these (the HTTP body is the value, or `{ error }` with a status). */
export type ControlResult<T = unknown> =
  { ok: true; value: T } | { ok: false; error: ControlErrorBody }

export const CONTROL_ERROR_STATUS: Record<ControlErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  unsupported_media_type: 415,
  unknown_method: 404,
  invalid_argument: 400,
  invalid_settings: 400,
  not_found: 404,
  unavailable: 409,
  internal: 500,
}
