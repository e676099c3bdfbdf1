// HTTP transport for the headless gateway: POST per method with the control token in a header, and the live
// stream read with fetch (EventSource cannot send headers). Each SSE message is a JSON array of events.
import { createParser } from 'eventsource-parser'
import {
  CONTROL_METHODS,
  type ControlApi,
  type ControlClient,
  type ControlEvent,
} from '../../../bridge/control/contract.js'
import {
  CONTROL_PREFIX,
  CONTROL_TOKEN_HEADER,
} from '../../../bridge/control/contract/transports.js'
import { ControlError, errorFromBody } from './control-error.js'

export interface HttpClientOptions {
  /** Prefix before CONTROL_PREFIX, e.g. '' when the UI is served by the gateway itself. */
  origin?: string
  fetch?: typeof fetch
  /** The control token (see control-token.ts); without it every call answers 401. */
  token?: string
  /** Reconnect delay after the event stream fails; grows to 10 s. */
  retryMs?: number
  /** The gateway refused the token (HTTP 401) on a call or the event stream, e.g. it restarted with a new one. */
  onUnauthorized?: () => void
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text()
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function eventsOf(data: string): ControlEvent[] {
  try {
    const parsed = JSON.parse(data) as unknown
    return (Array.isArray(parsed) ? parsed : [parsed]) as ControlEvent[]
  } catch {
    // A malformed message must not kill the stream; the next snapshot corrects the view.
    return []
  }
}

export function createHttpClient(options: HttpClientOptions = {}): ControlClient {
  const base = `${options.origin ?? ''}${CONTROL_PREFIX}`
  const doFetch =
    options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const auth: Record<string, string> = options.token
    ? { [CONTROL_TOKEN_HEADER]: options.token }
    : {}

  async function call(method: string, arg: unknown): Promise<unknown> {
    let res: Response
    try {
      res = await doFetch(`${base}/${method}`, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...auth },
        body: JSON.stringify(arg ?? {}),
      })
    } catch (e) {
      throw new ControlError(
        `Cannot reach Switchboard: ${e instanceof Error ? e.message : String(e)}`,
      )
    }
    const body = await readJson(res)
    if (res.status === 401) options.onUnauthorized?.()
    if (!res.ok) {
      const fallback =
        typeof body === 'string' && body !== '' ? body : `${method} failed (HTTP ${res.status})`
      throw errorFromBody(body, fallback, res.status)
    }
    return body === null ? undefined : body
  }

  const api = Object.fromEntries(
    CONTROL_METHODS.map((m) => [m, (arg?: unknown) => call(m, arg)]),
  ) as unknown as ControlApi

  // One stream per client, shared by every listener, opened on the first and closed after the last.
  const listeners = new Set<(event: ControlEvent) => void>()
  const openListeners = new Set<() => void>()
  let current: AbortController | undefined
  let connected = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let delay = options.retryMs ?? 1000

  const retry = (stream: AbortController): void => {
    if (current !== stream) return
    current = undefined
    connected = false
    timer = setTimeout(() => {
      timer = undefined
      open()
    }, delay)
    delay = Math.min(delay * 2, 10_000)
  }

  const read = async (stream: AbortController): Promise<void> => {
    const res = await doFetch(`${base}/events`, {
      credentials: 'omit',
      headers: { accept: 'text/event-stream', ...auth },
      signal: stream.signal,
    })
    if (res.status === 401) options.onUnauthorized?.()
    if (!res.ok || !res.body) throw new Error(`event stream: HTTP ${res.status}`)
    delay = options.retryMs ?? 1000
    connected = true
    for (const l of [...openListeners]) l()
    const parser = createParser({
      onEvent: (message) => {
        for (const event of eventsOf(message.data)) for (const l of [...listeners]) l(event)
      },
    })
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      parser.feed(value)
    }
  }

  function open(): void {
    if (listeners.size === 0) return
    const stream = new AbortController()
    current = stream
    read(stream).then(
      () => retry(stream),
      () => retry(stream),
    )
  }

  const close = (): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    const stream = current
    current = undefined
    connected = false
    stream?.abort()
  }

  function subscribe(listener: (event: ControlEvent) => void, onOpen?: () => void): () => void {
    listeners.add(listener)
    // A fresh function per subscription, so two subscribers passing the same callback are both told.
    const opened = onOpen ? () => onOpen() : undefined
    if (opened) openListeners.add(opened)
    if (!current && timer === undefined) open()
    else if (connected && opened) queueMicrotask(() => openListeners.has(opened) && opened())
    return () => {
      listeners.delete(listener)
      if (opened) openListeners.delete(opened)
      if (listeners.size === 0) close()
    }
  }

  return { ...api, subscribe }
}
