// Recognises the envelope every IPC control call answers with (ControlResult): errors travel as data, so the
// renderer sees our code and message and not Electron's wrapper.
import type { ControlResult } from '../../bridge/control/contract/errors.js'

export type IpcResult<T = unknown> = ControlResult<T>

export function isIpcResult(value: unknown): value is IpcResult {
  if (typeof value !== 'object' || value === null) return false
  const ok = (value as { ok?: unknown }).ok
  if (ok === true) return 'value' in value
  if (ok !== false) return false
  const error = (value as { error?: unknown }).error
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string' &&
    typeof (error as { code?: unknown }).code === 'string'
  )
}
