// Runs a user action with a busy flag and a captured error, so buttons disable and failures show inline.
import { useCallback, useRef, useState } from 'react'
import { errorText } from '../api/control-error.js'

export interface AsyncAction<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>
  busy: boolean
  error: string | undefined
  clearError: () => void
}

export function useAsyncAction<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
): AsyncAction<A, R> {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const fnRef = useRef(fn)
  fnRef.current = fn
  const run = useCallback(async (...args: A) => {
    setBusy(true)
    setError(undefined)
    try {
      return await fnRef.current(...args)
    } catch (e) {
      setError(errorText(e))
      return undefined
    } finally {
      setBusy(false)
    }
  }, [])
  return { run, busy, error, clearError: () => setError(undefined) }
}
