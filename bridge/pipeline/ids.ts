// Production ids and clock for the codecs: random, URL-safe, prefixed like the real APIs' ids.
import { randomBytes } from 'node:crypto'
import type { CodecContext } from '../protocol/codec.js'

const ID_BYTES = 15
/**
 * Random bytes are drawn for 256 ids at a time (what crypto.randomUUID does too): a draw per id was a
 * system-call-sized ~20 µs, and a request takes several ids (the answer's, its blocks', the log's).
 */
const POOL_BYTES = ID_BYTES * 256
let pool = Buffer.alloc(0)
let offset = 0

export const liveContext: CodecContext = {
  newId(prefix) {
    if (offset + ID_BYTES > pool.length) {
      pool = randomBytes(POOL_BYTES)
      offset = 0
    }
    const id = pool.toString('base64url', offset, offset + ID_BYTES)
    offset += ID_BYTES
    return prefix + id.replace(/[-_]/g, 'x')
  },
  now: () => Date.now(),
}
