// The running gateway and its status document: start, stop (or only pause the model endpoints when headless),
// rebind after a saved address change, and the status the tray and the UI show, announced on every change.
import type { Settings } from '../config/schema.js'
import { VERSION, type Gateway } from '../server.js'
import type { ExchangeFacts } from './contract/exchange.js'
import type { GatewayStatus, HostNotice } from './contract/gateway-status.js'
import type { ControlEvents } from './control-events.js'
import { fallbackState } from './log-view.js'

export interface GatewayLifecycleOptions {
  events: ControlEvents
  /** A fresh server with the host's parts and the front end's extra routes, not yet listening. */
  build: () => Gateway
  settings: () => Settings
  accessKey: () => string
  /** Headless: `stop` only pauses the model endpoints so that the UI stays reachable. */
  keepListening: boolean
}

export class GatewayLifecycle {
  private gateway: Gateway | undefined
  private status: GatewayStatus = {
    state: 'stopped',
    host: '127.0.0.1',
    port: 0,
    version: VERSION,
    accessKey: '',
    notices: [],
  }

  constructor(private readonly opts: GatewayLifecycleOptions) {}

  get current(): GatewayStatus {
    return this.status
  }

  /** Model endpoints answer only while this is true (headless stop keeps the UI up). */
  get serving(): boolean {
    return this.status.state === 'running'
  }

  /** Something found while the host starts (a store that could not be opened); shown for the whole run. */
  notice(notice: HostNotice): void {
    this.status.notices.push(notice)
  }

  /** The address and notices the host starts with, before anything listens (nobody is told). */
  adopt(start: { notices: HostNotice[] }): void {
    const { host, port } = this.opts.settings().server
    this.status = {
      ...this.status,
      host,
      port,
      accessKey: this.opts.accessKey(),
      notices: start.notices,
    }
  }

  /** Merges `next` into the status (an error only stays with the error state) and announces it. */
  set(next: Partial<GatewayStatus>): GatewayStatus {
    this.status = { ...this.status, ...next, accessKey: this.opts.accessKey(), version: VERSION }
    if (next.state !== 'error') delete this.status.error
    if (next.error) this.status.error = next.error
    this.opts.events.emit({ type: 'gateway:status', status: this.status })
    return this.status
  }

  /** Keeps `status.fallback` in step with finished exchanges, so the tray and the UI can say so. */
  trackFallback(entry: ExchangeFacts): void {
    const next = fallbackState(this.status.fallback, entry)
    if (next === this.status.fallback) return
    const { fallback: _old, ...rest } = this.status
    this.status = next ? { ...rest, fallback: next } : rest
    this.opts.events.emit({ type: 'gateway:status', status: this.status })
  }

  async start(): Promise<GatewayStatus> {
    if (this.gateway) return this.set({ state: 'running' })
    this.set({ state: 'starting' })
    const gateway = this.opts.build()
    const { host, port } = this.opts.settings().server
    try {
      await gateway.app.listen({ host, port })
    } catch (err) {
      await gateway.app.close().catch(() => undefined)
      const code = (err as { code?: string }).code
      const error =
        code === 'EADDRINUSE'
          ? `Port ${port} on ${host} is already in use. Choose another port in Settings (0 picks a free one).`
          : `Could not start the gateway: ${(err as Error).message}`
      return this.set({ state: 'error', error })
    }
    this.gateway = gateway
    const address = gateway.app.server.address()
    const actualPort = typeof address === 'object' && address ? address.port : port
    const shownHost =
      host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
    return this.set({
      state: 'running',
      host,
      port: actualPort,
      url: `http://${shownHost}:${actualPort}`,
    })
  }

  async stop(): Promise<GatewayStatus> {
    if (this.opts.keepListening) return this.set({ state: 'stopped' })
    await this.closeServer()
    return this.set({ state: 'stopped' })
  }

  /** After a saved document: a new address or body limit needs a new server (headless: at the next start). */
  async rebind(before: Settings, after: Settings): Promise<string[]> {
    const rebind =
      before.server.host !== after.server.host ||
      before.server.port !== after.server.port ||
      before.server.bodyLimitMb !== after.server.bodyLimitMb
    if (rebind && this.gateway && !this.opts.keepListening) {
      await this.stop()
      await this.start()
    } else if (rebind && this.opts.keepListening) {
      return ['Host, port and body limit changes take effect when the gateway is restarted.']
    }
    return []
  }

  /** Closes the server whatever the mode (process exit); nobody is told. */
  async close(): Promise<void> {
    await this.closeServer()
    this.status = { ...this.status, state: 'stopped' }
  }

  private async closeServer(): Promise<void> {
    const gateway = this.gateway
    this.gateway = undefined
    await gateway?.app.close()
  }
}
