// Writes a streamed answer to the client socket: headers once, backpressure honoured, close detected.
import type { ServerResponse } from 'node:http'

export class SseWriter {
  private started = false
  private closedByClient = false
  private corked = false
  lastWriteAt = Date.now()
  bytes = 0

  constructor(
    private readonly raw: ServerResponse,
    onClientGone: () => void,
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
    })
    this.raw.flushHeaders()
  }

  /**
   * Returns false when the socket buffer is full; await `drain()` before writing more. Writes made while
   * one upstream chunk is being translated are corked into one socket write (uncorked on the next tick),
   * instead of one TCP segment per event.
   */
  write(text: string): boolean {
    if (this.clientGone || text === '') return true
    this.lastWriteAt = Date.now()
    this.bytes += text.length
    if (!this.corked) {
      this.corked = true
      this.raw.cork()
      process.nextTick(() => {
        if (!this.corked) return
        this.corked = false
        this.raw.uncork()
      })
    }
    return this.raw.write(text)
  }

  drain(): Promise<void> {
    // Corked bytes count toward the buffer, so a slow client shows here even before the uncork.
    if (this.clientGone || !this.raw.writableNeedDrain) return Promise.resolve()
    if (this.corked) {
      this.corked = false
      this.raw.uncork()
    }
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

  end(): void {
    if (!this.raw.writableEnded) this.raw.end()
  }
}
