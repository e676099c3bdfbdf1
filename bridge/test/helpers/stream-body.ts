// A Node stream as an upstream answer's body: lets tests (and the in-process bench) feed readBatches and
// readBody at chosen chunk boundaries, the way undici's parser hands them a body.
import type { Readable } from 'node:stream'
import type { BodySink, UpstreamBody } from '../../upstream/upstream-call.js'

export function streamBody(stream: Readable): UpstreamBody {
  let ended = false
  let sink: BodySink | undefined
  // Held paused until read, as undici holds an answer nobody reads yet.
  stream.pause()
  return {
    read(to) {
      sink = to
      stream.on('data', (chunk: Buffer) => sink?.data(chunk))
      stream.on('end', () => {
        ended = true
        sink?.end()
      })
      stream.on('error', (error) => {
        ended = true
        sink?.fail(error)
      })
      stream.on('close', () => {
        if (ended) return
        ended = true
        sink?.fail(
          Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }),
        )
      })
      stream.resume()
    },
    pause: () => void stream.pause(),
    resume: () => void stream.resume(),
    destroy() {
      sink = undefined
      stream.destroy()
    },
  }
}
