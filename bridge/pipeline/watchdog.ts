// Keeps a waiting client alive with keepalive frames and ends an upstream that has gone silent.
import type { ExchangeContext } from './exchange-context.js'

export interface Watchdog {
  /** Marks upstream activity. */
  touch(): void
  stop(): void
}

export function startWatchdog(
  ctx: ExchangeContext,
  keepalive: (() => void) | undefined,
  idleLimit = true,
): Watchdog {
  const { idleTimeoutMs, keepaliveMs } = ctx.settings.stream
  let lastUpstream = Date.now()
  const tick = Math.max(50, Math.min(1000, keepaliveMs / 2, idleTimeoutMs / 4))
  const timer = setInterval(() => {
    const now = Date.now()
    if (idleLimit && now - lastUpstream >= idleTimeoutMs) {
      ctx.abortReason ??= 'idle'
      ctx.abort.abort()
      clearInterval(timer)
      return
    }
    if (keepalive && ctx.writer.isStarted && now - ctx.writer.lastWriteAt >= keepaliveMs)
      keepalive()
  }, tick)
  timer.unref()
  return {
    touch() {
      lastUpstream = Date.now()
    },
    stop() {
      clearInterval(timer)
    },
  }
}
