// The gateway's state as the tray and the UI show it: running or not, where, the notices found at start-up,
// and the provider being gone past while a fallback serves.
import type { SkippedProvider } from './exchange.js'

/**
 * Something the user must hear about from the start of the host: a settings file that could not be used (and
 * where it was kept), a migration, a keychain that is missing. Printed by `serve`, a notification in the tray,
 * a banner in the UI.
 */
export interface HostNotice {
  level: 'info' | 'warning'
  code:
    | 'settings-reset'
    | 'settings-migrated'
    | 'settings-warning'
    | 'secrets-unavailable'
    | 'secrets-in-file'
    | 'overlay'
    | 'import-offer'
    | 'response-store'
    | 'usage-history'
  message: string
  /** The settings fields concerned, as `server.port` or `providers[0].headers`. */
  fields?: string[]
  /** Where the broken or migrated settings document was kept. */
  keptAs?: string
}

export interface GatewayStatus {
  state: 'running' | 'stopped' | 'starting' | 'error'
  url?: string
  host: string
  port: number
  error?: string
  version: string
  /** The access key, for snippets and the copy button; the UI shows it masked. */
  accessKey: string
  /** What the host found when it started (see HostNotice); the same list for the whole run. */
  notices: HostNotice[]
  /** Set while requests go past a provider that cannot serve; cleared when it serves again. */
  fallback?: FallbackState
}

/** A provider that could not serve the last request meant for it, and who served instead. */
export interface FallbackState {
  provider: string
  reason: SkippedProvider['reason']
  message: string
  /** The provider that answered instead; absent when no fallback could serve either. */
  servedBy?: string
  /** ISO time of the first request that went past it. */
  since: string
}
