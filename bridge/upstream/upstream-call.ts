// One upstream call in flight through undici: the answer's head settles the call, and its body goes to the
// reader chunk by chunk as undici parses it, with no stream object in between.
import { subscribe } from 'node:diagnostics_channel'
import type { IncomingHttpHeaders } from 'node:http'
import type { Socket } from 'node:net'
import type { Dispatcher } from 'undici'

/** Where an answer's body goes: each chunk as parsed, then its end or its failure (one of the two, once). */
export interface BodySink {
  data(chunk: Buffer): void
  end(): void
  fail(error: Error): void
}

/** An upstream answer's body, read once. */
export interface UpstreamBody {
  /** Hands the body to `sink`: what arrived before now at once, the rest as it arrives. */
  read(sink: BodySink): void
  /** Stops reading the upstream's socket (backpressure) until `resume()`. */
  pause(): void
  resume(): void
  /** The reader stopped early: the call is ended and its connection closed; the sink hears nothing more. */
  destroy(): void
}

export interface CallOutcome {
  /** The answer's status and headers arrived. */
  head(status: number, headers: IncomingHttpHeaders, body: UpstreamBody): void
  /** The call failed before its head: `reused` says whether it went out on a keep-alive connection that had served before. */
  failed(error: Error, reused: boolean): void
  /** Told when the connection for the call is ready and its head about to be written. */
  connected?: () => void
  /** The call is over: its body read to the end, failed, or ended early. */
  ended(): void
}

/*
 * undici announces each request as it writes its head, with the socket (`undici:client:sendHeaders`), in the same
 * synchronous step that first calls the handler's `onConnect`: the call being connected is the one announced.
 * A socket seen before makes it a reused keep-alive connection (the stale-connection retry needs to know).
 */
let connecting: UpstreamCall | undefined
const served = new WeakSet<Socket>()
/** The call whose head undici is about to write (and announce). */
function announced(call: UpstreamCall): void {
  connecting = call
}
subscribe('undici:client:sendHeaders', (message) => {
  const call = connecting
  connecting = undefined
  if (!call) return
  const { socket } = message as { socket: Socket }
  if (served.has(socket)) call.reused = true
  else served.add(socket)
})

/**
 * undici's dispatch handler (its own, lowest-level interface: no Readable, no headers object it builds for us)
 * and the body the reader gets. Until `read()` names a sink, what arrives is held and the parser paused.
 */
export class UpstreamCall implements Dispatcher.DispatchHandler, UpstreamBody {
  reused = false
  private abortCall: ((error: Error) => void) | undefined
  /** Why the call was ended before undici connected it; `onConnect` then aborts it. */
  private reason: Error | undefined
  private resumeParser: (() => void) | undefined
  private headed = false
  private done = false
  private sink: BodySink | undefined
  private held: Buffer[] | undefined
  private outcome: Error | true | undefined
  private paused = false

  constructor(private readonly outcomeTo: CallOutcome) {}

  /** Ends the call (an abort, the headers timeout, the reader's `destroy()`); before its head, it fails with `error`. */
  cancel(error: Error): void {
    if (this.done) return
    if (this.abortCall) {
      this.abortCall(error)
      return
    }
    this.reason = error
    this.finish()
    this.outcomeTo.failed(error, false)
  }

  onConnect(abort: (error?: Error) => void): void {
    if (this.reason) {
      abort(this.reason)
      return
    }
    this.abortCall = abort
    announced(this)
    this.outcomeTo.connected?.()
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void): boolean {
    // An informational 1xx head is followed by the real one.
    if (status < 200 || this.done) return true
    this.headed = true
    this.resumeParser = resume
    this.outcomeTo.head(status, headersOf(raw), this)
    return true
  }

  onData(chunk: Buffer): boolean {
    const sink = this.sink
    if (sink) {
      sink.data(chunk)
      // The reader may have paused, or stopped reading (`destroy()`), while it took this chunk.
      return !this.paused && !this.done
    }
    ;(this.held ??= []).push(chunk)
    return false
  }

  onComplete(): void {
    this.finish()
    if (this.sink) this.sink.end()
    else this.outcome = true
  }

  onError(error: Error): void {
    if (this.done) return
    this.finish()
    if (!this.headed) this.outcomeTo.failed(error, this.reused)
    else if (this.sink) this.sink.fail(error)
    else this.outcome = error
  }

  private finish(): void {
    this.done = true
    this.outcomeTo.ended()
  }

  read(sink: BodySink): void {
    this.sink = sink
    const held = this.held
    this.held = undefined
    if (held) for (const chunk of held) sink.data(chunk)
    const outcome = this.outcome
    if (outcome === true) sink.end()
    else if (outcome) sink.fail(outcome)
    else if (!this.paused) this.resumeParser?.()
  }

  pause(): void {
    this.paused = true
  }

  resume(): void {
    if (!this.paused) return
    this.paused = false
    if (this.sink && !this.done) this.resumeParser?.()
  }

  destroy(): void {
    this.sink = undefined
    this.cancel(
      Object.assign(new Error('The answer was not read to its end'), { name: 'AbortError' }),
    )
  }
}

/**
 * The head undici parsed, as node:http would give it: names in lower case, a repeated header's values joined
 * by ", " (set-cookie kept as a list).
 */
function headersOf(raw: Buffer[]): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {}
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as Buffer).toString('latin1').toLowerCase()
    const value = (raw[i + 1] as Buffer).toString('latin1')
    const before = headers[name]
    if (name === 'set-cookie') headers['set-cookie'] = [...(headers['set-cookie'] ?? []), value]
    else headers[name] = before === undefined ? value : `${String(before)}, ${value}`
  }
  return headers
}
