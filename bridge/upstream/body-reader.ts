// An upstream body read as it arrives: each socket read becomes one batch, handed to the consumer's waiting
// `next()`, with the upstream paused while the consumer is busy.
import { StringDecoder } from 'node:string_decoder'
import type { UpstreamBody } from './upstream-call.js'

/** Turns upstream text into batches. */
export interface BatchReader<T> {
  /** The text of one socket read; `undefined` when it makes no batch (the reader then waits for more). */
  read(text: string): T | undefined
  /** Once the body ended: the text the UTF-8 decoder still held (or ''), and the last batch, if any. */
  end(rest: string): T | undefined
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }

/**
 * Text of UTF-8 bytes that may stop inside a character. A read that ends on an ASCII byte (an SSE read almost
 * always ends on its line break) is converted on its own; only a read that ends on a multi-byte character, and
 * the one after it, go through a StringDecoder, which holds a character's first bytes for the next read.
 */
class Utf8Reads {
  private decoder: StringDecoder | undefined
  /** Whether the decoder may hold the first bytes of a character. */
  private carrying = false

  text(bytes: Buffer): string {
    const last = bytes[bytes.length - 1] ?? 0
    if (!this.carrying && last < 0x80) return bytes.toString('utf8')
    this.carrying = last >= 0x80
    return (this.decoder ??= new StringDecoder('utf8')).write(bytes)
  }

  end(): string {
    return this.carrying && this.decoder ? this.decoder.end() : ''
  }
}

/**
 * Reads `body` into batches made by `reader`. Everything one socket read brings (several HTTP chunks, often)
 * becomes one batch, made when the consumer takes it: a waiting consumer is handed it in one microtask.
 *
 * Backpressure: bytes that arrive while the consumer is not waiting (it is waiting for a slow client's socket
 * to drain) pause the body, so the upstream's socket is no longer read; the next `next()` resumes it.
 * Failures: a body that fails (an abort, the connection closed early) rejects the consumer's next `next()` with
 * that error (what was still unread is dropped); a `reader` that throws ends the reading with its error after
 * the batches before it. `return()` (the consumer stopped early) destroys the body.
 */
export function readBatches<T>(
  body: UpstreamBody,
  reader: BatchReader<T>,
): AsyncIterableIterator<T> {
  const utf8 = new Utf8Reads()
  let chunks: Buffer[] = []
  let ended = false
  let finished = false
  let paused = false
  let broken: { error: unknown } | undefined
  let waiter: { resolve(result: IteratorResult<T>): void; reject(error: unknown): void } | undefined
  let scheduled = false

  /** The bytes read so far as text, in one piece. */
  const take = (): string => {
    const read = chunks
    chunks = []
    if (read.length === 1) return utf8.text(read[0] as Buffer)
    let size = 0
    for (const c of read) size += c.length
    return utf8.text(Buffer.concat(read, size))
  }

  const stop = (): void => {
    finished = true
    chunks = []
  }

  /** The next result if there is one now: a batch, the end, or a failure; `undefined` means wait. */
  const settle = (): IteratorResult<T> | { error: unknown } | undefined => {
    for (;;) {
      if (finished) return DONE
      if (broken) {
        stop()
        return broken
      }
      if (chunks.length === 0 && !ended) return undefined
      try {
        if (chunks.length > 0) {
          const batch = reader.read(take())
          if (batch !== undefined) return { done: false, value: batch }
          continue
        }
        stop()
        const last = reader.end(utf8.end())
        return last === undefined ? DONE : { done: false, value: last }
      } catch (error) {
        stop()
        if (!ended) body.destroy()
        return { error }
      }
    }
  }

  const handOver = (): void => {
    scheduled = false
    const w = waiter
    if (!w) return
    const result = settle()
    if (result === undefined) return
    waiter = undefined
    if ('error' in result) w.reject(result.error)
    else w.resolve(result)
  }

  /** The body has news for a waiting consumer: it is told once this read is done (a read may bring several chunks). */
  const wake = (): void => {
    if (waiter && !scheduled) {
      scheduled = true
      queueMicrotask(handOver)
    }
  }

  body.read({
    data(chunk) {
      if (finished) return
      chunks.push(chunk)
      if (waiter) wake()
      else if (!paused) {
        paused = true
        body.pause()
      }
    },
    end() {
      ended = true
      wake()
    },
    fail(error) {
      ended = true
      broken ??= { error }
      wake()
    },
  })

  return {
    next() {
      const result = settle()
      if (result !== undefined)
        return 'error' in result ? Promise.reject(result.error) : Promise.resolve(result)
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        waiter = { resolve, reject }
        if (paused) {
          paused = false
          body.resume()
        }
      })
    },
    return() {
      if (!finished) {
        stop()
        if (!ended) body.destroy()
      }
      return Promise.resolve(DONE)
    },
    [Symbol.asyncIterator]() {
      return this
    },
  }
}
