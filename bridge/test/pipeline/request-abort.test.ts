// The pipeline's own abort behaves as an AbortSignal does for the upstream calls that watch it.
import { describe, expect, it } from 'vitest'
import { RequestAbort } from '../../pipeline/request-abort.js'

describe('RequestAbort', () => {
  it('calls each listener once, in order, and none added or removed too late', () => {
    const abort = new RequestAbort()
    const calls: string[] = []
    const removed = (): void => void calls.push('removed')
    abort.addEventListener('abort', () => calls.push('first'))
    abort.addEventListener('abort', removed)
    abort.addEventListener('abort', () => calls.push('second'))
    abort.removeEventListener('abort', removed)
    expect(abort.aborted).toBe(false)
    abort.abort()
    abort.abort()
    abort.addEventListener('abort', () => calls.push('late'))
    expect(abort.aborted).toBe(true)
    expect(calls).toEqual(['first', 'second'])
  })
})
