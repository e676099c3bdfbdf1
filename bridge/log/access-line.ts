// One line per finished request for the terminal `serve` runs in, as codex-chat-bridge printed them.
import type { ExchangeFacts } from '../control/contract/exchange.js'
import type { RequestLog } from './request-log.js'

/** `2026-12-05T08:12:01.123Z POST /v1/chat/completions gpt-5 → chatgpt/gpt-5.5 200 812ms 120 in / 45 out tokens` */
export function accessLine(e: ExchangeFacts): string {
  const time = new Date(e.startedAt).toISOString()
  const requested = e.requestedModel ?? '-'
  const routed = e.provider ? `${e.provider}/${e.routedModel ?? requested}` : '-'
  const status = e.status === undefined ? '-' : String(e.status)
  const duration = e.durationMs === undefined ? '-' : `${e.durationMs}ms`
  const u = e.usage
  const tokens =
    u && u.inputTokens + u.outputTokens > 0
      ? ` ${u.inputTokens} in / ${u.outputTokens} out tokens`
      : ''
  const error =
    e.state === 'error' && e.error
      ? ` (${e.error.length > 160 ? `${e.error.slice(0, 157)}…` : e.error})`
      : ''
  return `${time} ${e.method} ${e.path} ${requested} → ${routed} ${status} ${duration}${tokens}${error}`
}

/**
 * How long finished lines wait to be written together. stderr to a pipe or a file is written synchronously,
 * one syscall per write: under load, one write per batch instead of one per request.
 */
export const ACCESS_LINE_DELAY_MS = 100

/**
 * Writes accessLine for each exchange once it has finished, the lines of a moment together in one write.
 * `flush` writes what is waiting at once (call it before the process says anything else, and on exit, so that
 * no line is lost or out of order); `stop` also stops listening.
 */
export function printFinishedRequests(
  log: RequestLog,
  write: (text: string) => void,
  delayMs = ACCESS_LINE_DELAY_MS,
): { flush(): void; stop(): void } {
  const printed = new WeakSet<ExchangeFacts>()
  let pending = ''
  let timer: NodeJS.Timeout | undefined
  const flush = (): void => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (pending === '') return
    const text = pending
    pending = ''
    write(text)
  }
  const unsubscribe = log.subscribe((event) => {
    if (event.type !== 'updated') return
    const e = event.entry
    if (e.state === 'active' || e.durationMs === undefined || printed.has(e)) return
    printed.add(e)
    pending += `${accessLine(e)}\n`
    if (!timer) {
      timer = setTimeout(flush, delayMs)
      timer.unref()
    }
  })
  return {
    flush,
    stop() {
      unsubscribe()
      flush()
    },
  }
}
