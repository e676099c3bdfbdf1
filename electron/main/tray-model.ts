// What the tray shows for a gateway and account state: image, tooltip and menu, as plain data so every state is testable.
import type { Settings } from '../../bridge/config/schema.js'
import type {
  AccountView,
  AuthStatus,
  UsageWindow,
  UsageWindows,
} from '../../bridge/control/contract/accounts.js'
import type { GatewayStatus } from '../../bridge/control/contract/gateway-status.js'
import {
  fallbackShortText,
  firstToRunOut,
  forecastText,
  stateText,
} from '../../bridge/usage/usage-words.js'

export type TrayImage = 'running' | 'stopped' | 'error' | 'signed-out'

export type TrayAction =
  | 'start'
  | 'stop'
  | 'copy-claude'
  | 'copy-codex'
  | 'copy-openai'
  | 'sign-in'
  | 'sign-out'
  | 'open'
  | 'toggle-launch-at-login'
  | 'quit'

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal'; label: string; enabled: boolean; action?: TrayAction }
  | { type: 'checkbox'; label: string; checked: boolean; action: TrayAction }

export interface TrayModel {
  image: TrayImage
  tooltip: string
  menu: TrayMenuItem[]
}

export interface TrayModelOptions {
  launchAtLogin?: boolean
  /** The settings route requests to a ChatGPT provider, so being signed out matters. */
  needsSignIn?: boolean
  /** Epoch ms the forecast times are told against (today's times show without a day). */
  now?: number
  /** The time zone of the forecast times; the system's when absent. */
  timeZone?: string
  /** Tooltip length limit: Windows cuts tray tooltips at 127 characters, the others show them whole. */
  tooltipMax?: number
}

// Windows cuts tray tooltips at 127 characters.
const TOOLTIP_MAX = 127
const LINE_MAX = 70

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** `300` → `5h`, `10080` → `week`. */
export function windowLabel(minutes: number | undefined, fallback: string): string {
  if (minutes === undefined || minutes <= 0) return fallback
  if (minutes === 10_080) return 'week'
  if (minutes === 1_440) return 'day'
  if (minutes % 1_440 === 0) return `${minutes / 1_440}d`
  if (minutes % 60 === 0) return `${minutes / 60}h`
  return `${minutes}m`
}

function windowText(window: UsageWindow | undefined, fallback: string): string | undefined {
  if (!window) return undefined
  return `${windowLabel(window.windowMinutes, fallback)} ${Math.round(window.usedPercent)}%`
}

/** "5h 42% · week 18%", or undefined when there is nothing to show. */
export function usageText(usage: UsageWindows | undefined): string | undefined {
  const parts = [windowText(usage?.primary, '5h'), windowText(usage?.secondary, 'week')].filter(
    (p): p is string => p !== undefined,
  )
  return parts.length > 0 ? parts.join(' · ') : undefined
}

/** True when a ChatGPT provider is the default or the target of a rule or model family. */
export function chatgptInUse(settings: Settings): boolean {
  const ids = new Set(settings.providers.filter((p) => p.kind === 'chatgpt').map((p) => p.id))
  if (ids.size === 0) return false
  const families = Object.values(settings.routing.families).map((f) => f?.split('/')[0])
  return (
    ids.has(settings.defaultProvider) ||
    settings.routing.rules.some((r) => ids.has(r.provider)) ||
    families.some((f) => f !== undefined && ids.has(f))
  )
}

/**
 * One account in a line: "work@x: 5-hour window runs out at 14:20" when the burn-rate forecast says so, else its
 * state ("limited until 15:00", "needs sign-in") or usage ("5h 42% · week 18%").
 */
export function accountForecastLine(account: AccountView, now: number, timeZone?: string): string {
  const who = account.email ?? account.id
  if (account.state !== 'ready') return `${who}: ${stateText(account, now, { timeZone })}`
  const forecast = forecastText(account, now, { timeZone })
  return `${who}: ${forecast ?? usageText(account.usage) ?? 'ready'}`
}

function imageFor(status: GatewayStatus, signedOut: boolean): TrayImage {
  if (status.state === 'error') return 'error'
  if (signedOut) return 'signed-out'
  return status.state === 'running' ? 'running' : 'stopped'
}

function gatewayLine(status: GatewayStatus): string {
  switch (status.state) {
    case 'running':
      return `Running on ${status.url ?? `http://${status.host}:${status.port}`}`
    case 'starting':
      return 'Starting…'
    case 'stopped':
      return 'Stopped'
    case 'error':
      return clip(`Error: ${status.error ?? 'the gateway failed'}`, LINE_MAX)
  }
}

function accountLine(auth: AuthStatus): string | undefined {
  if (auth.state === 'unavailable') return undefined
  if (!auth.signedIn) return 'ChatGPT: signed out'
  const who = auth.email ?? 'signed in'
  const usage = usageText(auth.usage)
  return usage ? `ChatGPT: ${who} · ${usage}` : `ChatGPT: ${who}`
}

function gatewayTooltip(status: GatewayStatus): string {
  switch (status.state) {
    case 'running':
      return `Switchboard: running on ${status.url ?? `http://${status.host}:${status.port}`}`
    case 'starting':
      return 'Switchboard: starting…'
    case 'stopped':
      return 'Switchboard: stopped'
    case 'error':
      return clip(`Switchboard: error: ${status.error ?? 'the gateway failed'}`, LINE_MAX)
  }
}

/** Lines in order of importance; when the limit is short, whole lines after the first are left off. */
function fitLines(lines: string[], max: number): string {
  let out = clip(lines[0] ?? '', max)
  for (const line of lines.slice(1)) {
    const next = `${out}\n${line}`
    if (next.length > max) break
    out = next
  }
  return out
}

function tooltipFor(
  status: GatewayStatus,
  auth: AuthStatus,
  options: TrayModelOptions,
  now: number,
): string {
  const max = options.tooltipMax ?? TOOLTIP_MAX
  const lines = [gatewayTooltip(status)]
  if (status.fallback) lines.push(fallbackShortText(status.fallback))
  if (auth.state !== 'unavailable') {
    if (!auth.signedIn) lines.push('ChatGPT: signed out')
    else if (auth.accounts && auth.accounts.length > 0)
      lines.push(...auth.accounts.map((a) => accountForecastLine(a, now, options.timeZone)))
    else lines.push(`ChatGPT: ${usageText(auth.usage) ?? 'signed in'}`)
  }
  return fitLines(lines, max)
}

export function trayModel(
  status: GatewayStatus,
  auth: AuthStatus,
  options: TrayModelOptions = {},
): TrayModel {
  const signedOut = options.needsSignIn === true && !auth.signedIn && auth.state !== 'unavailable'
  const now = options.now ?? Date.now()
  const menu: TrayMenuItem[] = [{ type: 'normal', label: gatewayLine(status), enabled: false }]
  if (status.fallback)
    menu.push({
      type: 'normal',
      label: clip(fallbackShortText(status.fallback), LINE_MAX),
      enabled: false,
    })
  const account = accountLine(auth)
  if (account) menu.push({ type: 'normal', label: clip(account, LINE_MAX), enabled: false })
  // With several accounts (or a forecast) each gets its own line under the signed-in one.
  const accounts = auth.signedIn ? (auth.accounts ?? []) : []
  if (accounts.length > 1 || accounts.some((a) => firstToRunOut(a) || a.state !== 'ready'))
    for (const a of accounts)
      menu.push({
        type: 'normal',
        label: clip(`  ${accountForecastLine(a, now, options.timeZone)}`, LINE_MAX),
        enabled: false,
      })
  menu.push({ type: 'separator' })
  if (status.state === 'running')
    menu.push({ type: 'normal', label: 'Stop Gateway', enabled: true, action: 'stop' })
  else
    menu.push({
      type: 'normal',
      label: 'Start Gateway',
      enabled: status.state !== 'starting',
      action: 'start',
    })
  menu.push(
    { type: 'separator' },
    { type: 'normal', label: 'Copy Snippet for Claude Code', enabled: true, action: 'copy-claude' },
    { type: 'normal', label: 'Copy Snippet for Codex', enabled: true, action: 'copy-codex' },
    {
      type: 'normal',
      label: 'Copy Snippet for OpenAI-Compatible Tools',
      enabled: true,
      action: 'copy-openai',
    },
    { type: 'separator' },
  )
  if (auth.state !== 'unavailable') {
    menu.push(
      auth.signedIn
        ? { type: 'normal', label: 'Sign Out of ChatGPT', enabled: true, action: 'sign-out' }
        : { type: 'normal', label: 'Sign In with ChatGPT…', enabled: true, action: 'sign-in' },
    )
  }
  menu.push(
    { type: 'normal', label: 'Open Switchboard', enabled: true, action: 'open' },
    {
      type: 'checkbox',
      label: 'Launch at Login',
      checked: options.launchAtLogin === true,
      action: 'toggle-launch-at-login',
    },
    { type: 'separator' },
    { type: 'normal', label: 'Quit Switchboard', enabled: true, action: 'quit' },
  )
  return {
    image: imageFor(status, signedOut),
    tooltip: tooltipFor(status, auth, options, now),
    menu,
  }
}
