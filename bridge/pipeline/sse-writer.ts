// Writes a streamed answer to the client socket: headers once, backpressure honoured, close detected.
import type { ServerResponse } from 'node:http'

/** Queue size at which text is written at once instead of on the next tick. */
const FLUSH_AT = 64 * 1024
/** How long the headers wait for the first bytes to go out with; after that they go alone. */
const HEADERS_WAIT_MS = 25

export class SseWriter {
  private started = false
  private ended = false
  private closedByClient = false
  private headersTimer: NodeJS.Timeout | undefined
  private pending = ''
  private scheduled = false
  /** Whether the stream's first bytes have gone; until then nothing is held for the next tick. */
  private sentFirst = false
  lastWriteAt = Date.now()
  bytes = 0

  constructor(
    private readonly raw: ServerResponse,
    onClientGone: () => void,
    /** Headers every answer of this request carries (CORS), after the stream's own. */
    private readonly baseHeaders: Readonly<Record<string, string>> = {},
  ) {
    raw.on('close', () => {
      if (!raw.writableFinished) {
        this.closedByClient = true
        onClientGone()
      }
    })
  }

  get isStarted(): boolean {
    return this.started
  }

  get clientGone(): boolean {
    return this.closedByClient || this.raw.destroyed
  }

  start(headers: Record<string, string>): void {
    if (this.started) return
    this.started = true
    this.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...headers,
      ...this.baseHeaders,
    })
    // The headers leave with the first frames, in one write; only an upstream that is slow to send its first
    // event gets them sent alone, so a client still sees the answer begin at once.
    this.headersTimer = setTimeout(() => {
      this.headersTimer = undefined
      if (!this.raw.writableEnded && !this.clientGone) this.raw.flushHeaders()
    }, HEADERS_WAIT_MS)
    this.headersTimer.unref()
  }

  /**
   * Queues text for the socket. Frames produced while one upstream chunk is translated are joined and
   * written once on the next tick (one syscall instead of one per event); `drain()` applies backpressure.
   * The first text (the client's preamble) goes at once, with the headers: the client's first byte waits for
   * nothing else the upstream's first read brings, nor for the log (issue 16: within 0.5 ms of the upstream's).
   */
  write(text: string): boolean {
    if (this.ended || this.clientGone || text === '') return true
    this.lastWriteAt = Date.now()
    this.bytes += text.length
    this.pending += text
    if (!this.sentFirst) {
      this.sentFirst = true
      this.flush()
      // Node's response corks its socket at each write until the next tick; the preamble leaves now instead.
      this.raw.socket?.uncork()
      return true
    }
    if (!this.scheduled) {
      this.scheduled = true
      process.nextTick(() => this.flush())
    }
    return this.pending.length < FLUSH_AT
  }

  private flush(): void {
    this.scheduled = false
    if (this.pending === '') return
    const text = this.pending
    this.pending = ''
    if (this.headersTimer) {
      clearTimeout(this.headersTimer)
      this.headersTimer = undefined
    }
    if (!this.clientGone) this.raw.write(text)
  }

  /**
   * Undefined when the client can take more now, else a promise that resolves once it can; a large queue is
   * written first so a slow client shows. (Not a resolved promise: awaiting one per upstream read was a
   * microtask hop per read for nothing.)
   */
  drain(): Promise<void> | undefined {
    if (this.pending.length >= FLUSH_AT) this.flush()
    if (this.clientGone || !this.raw.writableNeedDrain) return undefined
    return new Promise((resolve) => {
      const done = (): void => {
        this.raw.off('drain', done)
        this.raw.off('close', done)
        resolve()
      }
      this.raw.on('drain', done)
      this.raw.on('close', done)
    })
  }

  /**
   * Ends the answer with `text`, its last frames: they and the end of the body leave in one write, the stream's
   * first text included. Later writes are ignored.
   */
  end(text = ''): void {
    if (this.ended) return
    if (text !== '' && !this.clientGone) {
      this.lastWriteAt = Date.now()
      this.bytes += text.length
      this.pending += text
    }
    this.ended = true
    this.flush()
    if (this.headersTimer) clearTimeout(this.headersTimer)
    if (!this.raw.writableEnded) this.raw.end()
  }
}
