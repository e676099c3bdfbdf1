// Control events reach full subscribers and the watchers of their kind; only full subscribers make the log's
// events worth building.
import { describe, expect, it } from 'vitest'
import type { ControlEvent } from '../../control/contract.js'
import { ControlEvents } from '../../control/control-events.js'

describe('ControlEvents', () => {
  it('a watcher hears only its kinds and does not make the log heard', () => {
    const events = new ControlEvents()
    const seen: string[] = []
    const stop = events.watch(['settings:changed', 'auth:status'], (e) => seen.push(e.type))
    expect(events.heard).toBe(false)
    events.emit({ type: 'log:cleared' })
    events.emit({ type: 'auth:status', status: { signedIn: false, state: 'signed-out' } })
    expect(seen).toEqual(['auth:status'])
    stop()
    events.emit({ type: 'auth:status', status: { signedIn: false, state: 'signed-out' } })
    expect(seen).toEqual(['auth:status'])
  })

  it('a full subscriber hears everything, and a broken one stops nobody', () => {
    const events = new ControlEvents()
    const seen: ControlEvent[] = []
    events.subscribe(() => {
      throw new Error('broken')
    })
    const stop = events.subscribe((e) => seen.push(e))
    events.watch(['auth:status'], () => {
      throw new Error('broken too')
    })
    expect(events.heard).toBe(true)
    events.emit({ type: 'log:cleared' })
    expect(seen).toEqual([{ type: 'log:cleared' }])
    stop()
  })
})
