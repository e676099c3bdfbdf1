// LogStore: per-frame batching, retention cap, pause buffering, snapshot ordering, overflow resync.
import { describe, expect, it } from 'vitest'
import type { ExchangeSummary } from '../../bridge/control/contract.js'
import { LogStore } from '../src/log/log-store.js'

function entry(id: string, startedAt = 0): ExchangeSummary {
  return {
    id,
    startedAt,
    method: 'POST',
    path: '/v1/messages',
    stream: true,
    notes: [],
    state: 'active',
    frameCount: 0,
    frameBytes: 0,
    framesDropped: 0,
  }
}

/** A scheduler the test runs by hand, standing in for requestAnimationFrame. */
function manual() {
  const pending: (() => void)[] = []
  return {
    schedule: (run: () => void) => void pending.push(run),
    runAll: () => pending.splice(0).forEach((r) => r()),
    get count() {
      return pending.length
    },
  }
}

describe('LogStore', () => {
  it('applies a burst of events in one flush and one notification', () => {
    const frames = manual()
    const store = new LogStore(100, frames.schedule)
    store.load([entry('a', 1)])
    let notified = 0
    store.subscribe(() => notified++)
    for (let i = 0; i < 500; i++)
      store.push({
        type: 'log:frame',
        id: 'a',
        frame: { t: i, side: 'client', bytes: 2, data: '{}' },
      })
    store.push({ type: 'log:appended', entry: entry('b', 2) })
    expect(frames.count).toBe(1)
    expect(store.getView().rows.map((r) => r.id)).toEqual(['a'])
    frames.runAll()
    expect(notified).toBe(1)
    expect(store.getView().rows.map((r) => [r.id, r.frameCount])).toEqual([
      ['b', 0],
      ['a', 500],
    ])
  })

  it('keeps at most `cap` entries, dropping the oldest', () => {
    const frames = manual()
    const store = new LogStore(3, frames.schedule)
    store.load([])
    for (const id of ['1', '2', '3', '4', '5'])
      store.push({ type: 'log:appended', entry: entry(id) })
    frames.runAll()
    expect(store.getView().rows.map((r) => r.id)).toEqual(['5', '4', '3'])
    store.setCap(2)
    expect(store.getView().rows.map((r) => r.id)).toEqual(['5', '4'])
  })

  it('holds events while paused and counts held requests, not events, once per frame', () => {
    const frames = manual()
    const store = new LogStore(100, frames.schedule)
    store.load([])
    store.setPaused(true)
    let notified = 0
    store.subscribe(() => notified++)
    for (const id of ['x', 'y']) {
      store.push({ type: 'log:appended', entry: entry(id) })
      for (let i = 0; i < 300; i++)
        store.push({ type: 'log:frame', id, frame: { t: i, side: 'client', bytes: 2, data: '{}' } })
      store.push({ type: 'log:updated', entry: { ...entry(id), state: 'done', status: 200 } })
    }
    expect(notified).toBe(0)
    frames.runAll()
    expect(notified).toBe(1)
    expect(store.getView()).toMatchObject({ paused: true, buffered: 2, rows: [] })
    store.setPaused(false)
    frames.runAll()
    expect(store.getView()).toMatchObject({ paused: false, buffered: 0 })
    expect(store.getView().rows.map((r) => [r.id, r.status, r.frameCount])).toEqual([
      ['y', 200, 0],
      ['x', 200, 0],
    ])
  })

  it('counts the entries it dropped to stay within the cap, until cleared', () => {
    const frames = manual()
    const store = new LogStore(2, frames.schedule)
    store.load([entry('1', 1), entry('2', 2), entry('3', 3)])
    expect(store.getView().dropped).toBe(1)
    store.push({ type: 'log:appended', entry: entry('4', 4) })
    frames.runAll()
    expect(store.getView().dropped).toBe(2)
    store.push({ type: 'log:cleared' })
    frames.runAll()
    expect(store.getView().dropped).toBe(0)
  })

  it('queues events that arrive before the snapshot and applies them after it', () => {
    const frames = manual()
    const store = new LogStore(100, frames.schedule)
    store.push({ type: 'log:appended', entry: entry('late', 5) })
    frames.runAll()
    expect(store.getView().loaded).toBe(false)
    store.load([entry('early', 1), entry('late', 5)])
    frames.runAll()
    expect(store.getView().rows.map((r) => r.id)).toEqual(['late', 'early'])
  })

  it('clears on log:cleared and tells detail listeners what was applied', () => {
    const frames = manual()
    const store = new LogStore(100, frames.schedule)
    store.load([entry('a')])
    const seen: string[] = []
    store.onApplied((events) => seen.push(...events.map((e) => e.type)))
    store.push({ type: 'log:cleared' })
    frames.runAll()
    expect(store.getView().rows).toEqual([])
    expect(seen).toEqual(['log:cleared'])
  })

  it('asks for a fresh snapshot when too many events were held', () => {
    const frames = manual()
    let resyncs = 0
    const store = new LogStore(100, frames.schedule, () => resyncs++)
    store.load([])
    store.setPaused(true)
    for (let i = 0; i <= 50_000; i++)
      store.push({ type: 'log:frame', id: 'a', frame: { t: i, side: 'client', bytes: 0 } })
    store.setPaused(false)
    expect(resyncs).toBe(1)
  })
})
