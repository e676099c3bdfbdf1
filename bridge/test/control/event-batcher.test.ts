// Event batches for both transports: frames wait and travel together, other events go at once and keep the
// order, a congested connection holds a bounded queue and resumes on drain.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ControlEvent } from '../../control/contract.js'
import { createEventBatcher } from '../../control/event-batcher.js'

const frame = (n: number): ControlEvent => ({
  type: 'log:frames',
  id: 'ex_1',
  frames: [{ t: n, side: 'client', bytes: 7, data: `data: ${n}` }],
})

afterEach(() => {
  vi.useRealTimers()
})

describe('createEventBatcher', () => {
  it('batches frames per delay and flushes them ahead of the next other event', () => {
    vi.useFakeTimers()
    const sent: ControlEvent[][] = []
    const b = createEventBatcher({ sink: (batch) => (sent.push(batch), true), frameDelayMs: 50 })
    b.push(frame(1))
    b.push(frame(2))
    expect(sent).toEqual([])
    vi.advanceTimersByTime(50)
    expect(sent).toEqual([[frame(1), frame(2)]])
    b.push(frame(3))
    b.push({ type: 'log:cleared' })
    expect(sent[1]).toEqual([frame(3), { type: 'log:cleared' }])
  })

  it('holds everything while congested, sheds only the oldest frames past the bound, and resumes on drain', () => {
    vi.useFakeTimers()
    const sent: ControlEvent[][] = []
    let writable = false
    const b = createEventBatcher({
      sink: (batch) => (sent.push(batch), writable),
      frameDelayMs: 10,
      maxQueuedFrames: 3,
    })
    b.push({ type: 'log:cleared' })
    expect(sent).toHaveLength(1)
    for (let i = 1; i <= 6; i++) b.push(frame(i))
    b.push({ type: 'log:cleared' })
    vi.advanceTimersByTime(100)
    expect(sent).toHaveLength(1)
    expect(b.droppedFrames).toBe(3)
    writable = true
    b.resume()
    expect(sent[1]).toEqual([frame(4), frame(5), frame(6), { type: 'log:cleared' }])
    b.dispose()
    b.push({ type: 'log:cleared' })
    expect(sent).toHaveLength(2)
  })

  it('counts the frames an event carries: a congested queue sheds whole events, oldest first', () => {
    vi.useFakeTimers()
    const sent: ControlEvent[][] = []
    let writable = false
    const b = createEventBatcher({
      sink: (batch) => (sent.push(batch), writable),
      maxQueuedFrames: 4,
    })
    b.push({ type: 'log:cleared' })
    const read = (from: number, n: number): ControlEvent => ({
      type: 'log:frames',
      id: 'ex_1',
      frames: Array.from({ length: n }, (_, i) => ({ t: from + i, side: 'upstream', bytes: 1 })),
    })
    b.push(read(0, 3))
    b.push(read(3, 3))
    expect(b.droppedFrames).toBe(3)
    writable = true
    b.resume()
    expect(sent[1]).toEqual([read(3, 3)])
  })
})
