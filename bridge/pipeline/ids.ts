// Production ids and clock for the codecs: random, URL-safe, prefixed like the real APIs' ids.
import { randomBytes } from 'node:crypto'
import type { CodecContext } from '../protocol/codec.js'

export const liveContext: CodecContext = {
  newId(prefix) {
    return prefix + randomBytes(15).toString('base64url').replace(/[-_]/g, 'x')
  },
  now: () => Date.now(),
}
