// LogStore: per-frame batching, retention cap, pause buffering, snapshot ordering, overflow resync.
import { describe, expect, it } from 'vitest'
import type { ExchangeSummary } from '../../bridge/control/contract/exchange.js'
import { LogStore, MAX_WAIT_MS, PACE } from '../src/log/log-store.js'

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

/** A scheduler the test runs by hand, standing in for requestAnimationFrame; it notes the delays asked for. */
function manual() {
  const pending: (() => void)[] = []
  const delays: number[] = []
  return {
    delays,
    schedule: (run: () => void, delayMs: number) => {
      delays.push(delayMs)
      pending.push(run)
    },
    runAll: () => pending.splice(0).forEach((r) => r()),
    get count() {
      return pending.length
    },
  }
}

describe('LogStore', () => {
  it('applies a burst of events in one flush and one notification', () => {
    const frames = manual()
    const store = new LogStore({ cap: 100, schedule: frames.schedule })
    store.load([entry('a', 1)])
    let notified = 0
    store.subscribe(() => notified++)
    for (let i = 0; i < 500; i++)
      store.push({
        type: 'log:frames',
        id: 'a',
        frames: [{ t: i, side: 'client', bytes: 2, data: '{}' }],
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
    const store = new LogStore({ cap: 3, schedule: frames.schedule })
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
    const store = new LogStore({ cap: 100, schedule: frames.schedule })
    store.load([])
    store.setPaused(true)
    let notified = 0
    store.subscribe(() => notified++)
    for (const id of ['x', 'y']) {
      store.push({ type: 'log:appended', entry: entry(id) })
      for (let i = 0; i < 300; i++)
        store.push({
          type: 'log:frames',
          id,
          frames: [{ t: i, side: 'client', bytes: 2, data: '{}' }],
        })
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
    const store = new LogStore({ cap: 2, schedule: frames.schedule })
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
    const store = new LogStore({ cap: 100, schedule: frames.schedule })
    store.push({ type: 'log:appended', entry: entry('late', 5) })
    frames.runAll()
    expect(store.getView().loaded).toBe(false)
    store.load([entry('early', 1), entry('late', 5)])
    frames.runAll()
    expect(store.getView().rows.map((r) => r.id)).toEqual(['late', 'early'])
  })

  it('clears on log:cleared and tells detail listeners what was applied', () => {
    const frames = manual()
    const store = new LogStore({ cap: 100, schedule: frames.schedule })
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
    const store = new LogStore({ cap: 100, schedule: frames.schedule, resync: () => resyncs++ })
    store.load([])
    store.setPaused(true)
    for (let i = 0; i <= 50_000; i++)
      store.push({ type: 'log:frames', id: 'a', frames: [{ t: i, side: 'client', bytes: 0 }] })
    store.setPaused(false)
    expect(resyncs).toBe(1)
  })

  it('paces flushes by what the last one cost, so a flood of exchanges cannot take the page over', async () => {
    const frames = manual()
    let clock = 1000
    const store = new LogStore({
      cap: 100,
      schedule: frames.schedule,
      now: () => clock,
      afterFrame: (done) => queueMicrotask(done),
    })
    store.load([])
    // The subscriber stands in for the render a flush causes; its cost is what the clock moves by.
    let renderMs = 40
    store.subscribe(() => (clock += renderMs))
    let n = 0
    const burst = (): void => {
      for (let i = 0; i < 10; i++) store.push({ type: 'log:appended', entry: entry(`e${n++}`) })
    }
    burst()
    expect(frames.delays).toEqual([0])
    frames.runAll()
    await Promise.resolve()
    // 40 ms of work: the next flush waits PACE × 40 ms after it, not the next frame.
    burst()
    expect(frames.delays.at(-1)).toBe(PACE * 40)
    clock += 50
    frames.runAll()
    await Promise.resolve()
    expect(store.getView().rows).toHaveLength(20)
    // A cheap flush lets the next one come at the next frame again.
    renderMs = 0
    clock += PACE * 40
    burst()
    frames.runAll()
    await Promise.resolve()
    burst()
    expect(frames.delays.at(-1)).toBe(0)
    // However slow the render, the list moves at least every MAX_WAIT_MS.
    renderMs = 5000
    frames.runAll()
    await Promise.resolve()
    burst()
    expect(frames.delays.at(-1)).toBe(MAX_WAIT_MS)
    expect(store.getView().rows).toHaveLength(40)
  })
})
