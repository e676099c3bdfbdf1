// The envelope every IPC control call answers with: errors travel as data, so the renderer sees our message and not Electron's wrapper.
export type IpcResult<T = unknown> =
  { ok: true; value: T } | { ok: false; error: { message: string } }

export function isIpcResult(value: unknown): value is IpcResult {
  if (typeof value !== 'object' || value === null) return false
  const ok = (value as { ok?: unknown }).ok
  if (ok === true) return 'value' in value
  if (ok !== false) return false
  const error = (value as { error?: unknown }).error
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  )
}
