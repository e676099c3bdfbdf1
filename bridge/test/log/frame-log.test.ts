// A finished exchange's frames packed into one string read back as they were recorded, and take new frames.
import { describe, expect, it } from 'vitest'
import { FRAME_METADATA_BYTES, FrameLog } from '../../log/frame-log.js'

function recorded(texts: boolean): FrameLog {
  const log = new FrameLog()
  for (let i = 0; i < 300; i++) {
    const side = i % 3 === 0 ? 'upstream' : 'client'
    const name = i % 7 === 0 ? undefined : i % 2 === 0 ? 'content_block_delta' : `chunk.${i % 5}`
    log.push(i * 37, side, 100 + i, name, texts && i % 4 !== 0 ? `{"n":${i}}` : undefined)
  }
  // The largest numbers a frame may carry: a stream of 24 days, a frame of almost 4 GB.
  log.push(2 ** 31 - 1, 'client', 2 ** 32 - 1, 'message_stop')
  return log
}

describe('frame log packing', () => {
  for (const texts of [false, true]) {
    it(`reads the same frames after packing (texts ${texts ? 'kept' : 'off'})`, () => {
      const log = recorded(texts)
      const before = log.slice()
      const cost = log.cost()
      log.pack()
      expect(log.length).toBe(301)
      expect(log.slice()).toEqual(before)
      expect(log.slice(299)).toEqual(before.slice(299))
      expect(log.at(-1)).toEqual({
        t: 2 ** 31 - 1,
        side: 'client',
        bytes: 2 ** 32 - 1,
        event: 'message_stop',
      })
      expect(log.at(301)).toBeUndefined()
      expect(log.at(-302)).toBeUndefined()
      expect(log.cost()).toBe(cost)
      expect(log.matches('chunk.3')).toBe(true)
      expect(log.matches('chunk.9')).toBe(false)
      expect(JSON.stringify(log)).toBe(JSON.stringify(before))
    })
  }

  it('takes a frame after packing, after the ones packed', () => {
    const log = recorded(false)
    const before = log.slice()
    log.pack()
    log.push(5, 'upstream', 12, 'late')
    expect(log.slice()).toEqual([...before, { t: 5, side: 'upstream', bytes: 12, event: 'late' }])
    expect(log.cost()).toBe(302 * FRAME_METADATA_BYTES)
  })

  it('stays unpacked when a stamp does not fit, and still reads right', () => {
    const log = new FrameLog()
    log.push(1, 'upstream', 3, 'a')
    log.push(2 ** 33, 'client', 4, undefined)
    const before = log.slice()
    log.pack()
    expect(log.slice()).toEqual(before)
  })

  it('releases packed frames', () => {
    const log = recorded(false)
    log.pack()
    expect(log.release()).toBe(301)
    expect(log.length).toBe(0)
    expect(log.slice()).toEqual([])
  })
})
