// HTTP transport for the headless gateway: POST per method, Server-Sent Events for the live stream.
import { CONTROL_METHODS, CONTROL_PREFIX, type ControlApi, type ControlClient, type ControlEvent } from '../../../bridge/control/contract.js'
import { ControlError, errorFromBody } from './control-error.js'

export interface HttpClientOptions {
  /** Prefix before CONTROL_PREFIX, e.g. '' when the UI is served by the gateway itself. */
  origin?: string
  fetch?: typeof fetch
  /** Reconnect delay after the event stream fails; grows to 10 s. */
  retryMs?: number
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

export function createHttpClient(options: HttpClientOptions = {}): ControlClient {
  const base = `${options.origin ?? ''}${CONTROL_PREFIX}`
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))

  async function call(method: string, arg: unknown): Promise<unknown> {
    let res: Response
    try {
      res = await doFetch(`${base}/${method}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(arg ?? {}),
      })
    } catch (e) {
      throw new ControlError(`Cannot reach Switchboard: ${e instanceof Error ? e.message : String(e)}`)
    }
    const body = await readJson(res)
    if (!res.ok) {
      const fallback = typeof body === 'string' && body !== '' ? body : `${method} failed (HTTP ${res.status})`
      throw errorFromBody(body, fallback, res.status)
    }
    return body
  }

  const api = Object.fromEntries(CONTROL_METHODS.map((m) => [m, (arg?: unknown) => call(m, arg)])) as unknown as ControlApi

  // One EventSource per client, shared by every listener, opened on the first and closed after the last.
  const listeners = new Set<(event: ControlEvent) => void>()
  const openListeners = new Set<() => void>()
  let source: EventSource | undefined
  let connected = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let delay = options.retryMs ?? 1000

  const open = (): void => {
    if (listeners.size === 0) return
    const es = new EventSource(`${base}/events`, { withCredentials: true })
    source = es
    es.onopen = () => {
      delay = options.retryMs ?? 1000
      connected = true
      for (const l of [...openListeners]) l()
    }
    es.onmessage = (msg: MessageEvent<string>) => {
      let event: ControlEvent
      try {
        event = JSON.parse(msg.data) as ControlEvent
      } catch {
        // A malformed event must not kill the stream; the next snapshot corrects the view.
        return
      }
      for (const l of [...listeners]) l(event)
    }
    es.onerror = () => {
      es.close()
      if (source !== es) return
      source = undefined
      connected = false
      timer = setTimeout(open, delay)
      delay = Math.min(delay * 2, 10_000)
    }
  }

  const close = (): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    source?.close()
    source = undefined
    connected = false
  }

  function subscribe(listener: (event: ControlEvent) => void, onOpen?: () => void): () => void {
    listeners.add(listener)
    // A fresh function per subscription, so two subscribers passing the same callback are both told.
    const opened = onOpen ? () => onOpen() : undefined
    if (opened) openListeners.add(opened)
    if (!source && timer === undefined) open()
    else if (connected && opened) queueMicrotask(() => openListeners.has(opened) && opened())
    return () => {
      listeners.delete(listener)
      if (opened) openListeners.delete(opened)
      if (listeners.size === 0) close()
    }
  }

  return { ...api, subscribe }
}
