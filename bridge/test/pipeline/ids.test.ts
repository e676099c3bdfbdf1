// The production ids: prefixed, 20 URL-safe letters and digits, and never repeated, also across the refills
// of the pool of random bytes they are cut from.
import { describe, expect, it } from 'vitest'
import { liveContext } from '../../pipeline/ids.js'

describe('liveContext.newId', () => {
  it('gives distinct prefixed ids of 20 letters and digits across many pool refills', () => {
    const ids = Array.from({ length: 2000 }, () => liveContext.newId('msg_'))
    for (const id of ids) expect(id).toMatch(/^msg_[A-Za-z0-9]{20}$/)
    expect(new Set(ids).size).toBe(ids.length)
    // Cut from the same bytes, consecutive ids would share characters; random ones almost never share a half.
    const halves = new Set(ids.map((id) => id.slice(4, 14)))
    expect(halves.size).toBe(ids.length)
  })
})
