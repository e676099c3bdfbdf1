// An in-memory ControlClient that `satisfies` the contract, for tests and the fake-backed dev page.
import type { ControlClient, ControlEvent } from '../../../bridge/control/contract.js'
import type {
  AccountView,
  AuthStatus,
  ProxyTokensOffer,
} from '../../../bridge/control/contract/accounts.js'
import type { ExchangeEntry } from '../../../bridge/control/contract/exchange.js'
import type { GatewayStatus } from '../../../bridge/control/contract/gateway-status.js'
import type {
  BridgeImportOffer,
  RouteExplanationView,
  Snippet,
} from '../../../bridge/control/contract/settings-views.js'
import type { UsageHistory } from '../../../bridge/control/contract/usage-history.js'
import type { Settings } from '../../../bridge/config/schema.js'
import { ControlError } from '../api/control-error.js'
import {
  sampleAuth,
  sampleEntries,
  sampleGateway,
  sampleSettings,
  sampleUsage,
} from './fixtures.js'

export interface FakeState {
  settings: Settings
  gateway: GatewayStatus
  auth: AuthStatus
  entries: ExchangeEntry[]
  providerKeys: Record<string, string>
  usage: UsageHistory
  /** codex-chat-bridge's conf.toml, as the host would offer it, and the settings importing it gives. */
  bridgeImport: { offer: BridgeImportOffer; result: Settings } | null
  /** chatgpt-codex-proxy's tokens.json as the host would offer it; `deleted` once the plain file is gone. */
  proxyTokens: { offer: ProxyTokensOffer; deleted: boolean } | null
}

export interface FakeCall {
  method: string
  arg: unknown
}

function glob(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${re}$`, 'i').test(name)
}

function summary(e: ExchangeEntry) {
  const {
    frames,
    clientRequest: _c,
    upstreamRequest: _u,
    clientResponse: _r,
    requestHeaders: _h,
    ...rest
  } = e
  return { ...rest, frameCount: frames.length }
}

function explain(settings: Settings, model: string): RouteExplanationView {
  const rules: RouteExplanationView['rules'] = settings.routing.rules.map((r, index) => ({
    index,
    match: r.match,
    provider: r.provider,
    ...(r.model !== undefined ? { model: r.model } : {}),
    status: 'not-reached' as const,
  }))
  for (const [index, rule] of settings.routing.rules.entries()) {
    const hit = glob(rule.match, model)
    const view = rules[index]
    if (view) view.status = hit ? 'matched' : 'no-match'
    if (hit) {
      return {
        model,
        ok: true,
        providerId: rule.provider,
        upstreamModel: rule.model ?? model,
        ...(rule.effort ? { effort: rule.effort } : {}),
        matched: `rule ${index + 1} ${rule.match}`,
        rules,
      }
    }
  }
  return {
    model,
    ok: true,
    providerId: settings.defaultProvider,
    upstreamModel: model,
    matched: 'default provider',
    rules,
  }
}

function snippets(g: GatewayStatus): Snippet[] {
  const url = g.url ?? `http://${g.host}:${g.port}`
  return [
    {
      id: 'claude',
      title: 'Claude Code',
      language: 'sh',
      text: `export ANTHROPIC_BASE_URL='${url}'\nexport ANTHROPIC_AUTH_TOKEN='${g.accessKey}'\nclaude`,
    },
    {
      id: 'codex',
      title: 'Codex CLI',
      language: 'toml',
      text: `[model_providers.switchboard]\nname = "Switchboard"\nbase_url = "${url}/v1"\nenv_key = "SWITCHBOARD_API_KEY"\nwire_api = "responses"\n\nexport SWITCHBOARD_API_KEY='${g.accessKey}'\n`,
      blocks: [
        {
          title: '~/.codex/config.toml',
          language: 'toml',
          text: `[model_providers.switchboard]\nname = "Switchboard"\nbase_url = "${url}/v1"\nenv_key = "SWITCHBOARD_API_KEY"\nwire_api = "responses"\n`,
        },
        {
          title: 'The access key, in the environment Codex runs in',
          language: 'sh',
          text: `export SWITCHBOARD_API_KEY='${g.accessKey}'\n`,
        },
      ],
    },
    {
      id: 'openai',
      title: 'OpenAI-compatible tools',
      language: 'sh',
      text: `export OPENAI_BASE_URL='${url}/v1'\nexport OPENAI_API_KEY='${g.accessKey}'`,
    },
    {
      id: 'continue',
      title: 'Continue (config.yaml)',
      language: 'yaml',
      text: `models:\n  - name: Switchboard\n    provider: openai\n    apiBase: ${url}/v1\n    apiKey: ${g.accessKey}`,
    },
  ]
}

export function createFakeClient(initial: Partial<FakeState> = {}) {
  const state: FakeState = {
    settings: sampleSettings(),
    gateway: sampleGateway(),
    auth: sampleAuth(),
    entries: sampleEntries(),
    providerKeys: {},
    usage: sampleUsage(),
    bridgeImport: null,
    proxyTokens: null,
    ...initial,
  }
  const listeners = new Set<(e: ControlEvent) => void>()
  const openListeners = new Set<() => void>()
  const calls: FakeCall[] = []
  const emit = (e: ControlEvent) => {
    for (const l of listeners) l(e)
  }
  const record = <T>(method: string, arg: unknown, value: T): Promise<T> => {
    calls.push({ method, arg })
    return Promise.resolve(structuredClone(value))
  }

  const client = {
    getSettings: () => record('getSettings', undefined, state.settings),
    updateSettings: (settings: Settings) => {
      calls.push({ method: 'updateSettings', arg: structuredClone(settings) })
      const ids = settings.providers.map((p) => p.id)
      const errors = settings.routing.rules
        .filter((r) => !ids.includes(r.provider))
        .map((r) => `routing.rules: provider '${r.provider}' does not exist`)
      // As the gateway: a fallback that comes back to where it started is refused at that provider's field.
      settings.providers.forEach((p, i) => {
        const seen = new Set<string>()
        const walk = (id: string): boolean =>
          (settings.providers.find((x) => x.id === id)?.fallback ?? []).some(
            (next) => next === p.id || (!seen.has(next) && (seen.add(next), walk(next))),
          )
        if (walk(p.id)) errors.push(`providers[${i}].fallback: falls back in a circle`)
      })
      if (errors.length > 0) return Promise.reject(new ControlError('invalid settings', errors))
      state.settings = structuredClone(settings)
      const warnings = settings.server.host === '127.0.0.1' ? [] : ['server.host is not loopback']
      return Promise.resolve({ settings: structuredClone(settings), warnings })
    },
    gatewayStatus: () => record('gatewayStatus', undefined, state.gateway),
    startGateway: () => {
      state.gateway = {
        ...state.gateway,
        state: 'running',
        url: `http://${state.gateway.host}:${state.gateway.port}`,
      }
      return record('startGateway', undefined, state.gateway)
    },
    stopGateway: () => {
      const { url: _url, ...rest } = state.gateway
      state.gateway = { ...rest, state: 'stopped' }
      return record('stopGateway', undefined, state.gateway)
    },
    regenerateAccessKey: () => {
      state.gateway = {
        ...state.gateway,
        accessKey: `sb-${Math.random().toString(16).slice(2).padEnd(32, '0')}`,
      }
      return record('regenerateAccessKey', undefined, state.gateway)
    },
    authStatus: () => record('authStatus', undefined, state.auth),
    signIn: (args: { method: 'browser' | 'device' }) => {
      state.auth = {
        ...state.auth,
        signIn: { state: 'pending', method: args.method, startedAt: new Date().toISOString() },
      }
      return record(
        'signIn',
        args,
        args.method === 'browser'
          ? {
              method: 'browser' as const,
              authorizeUrl:
                'https://auth.openai.com/oauth/authorize?client_id=app_x&code_challenge=abc&state=xyz',
            }
          : {
              method: 'device' as const,
              verificationUrl: 'https://auth.openai.com/codex/device',
              userCode: 'WXYZ-1234',
              expiresAt: new Date(Date.now() + 900_000).toISOString(),
            },
      )
    },
    cancelSignIn: () => record('cancelSignIn', undefined, undefined),
    signOut: (args?: { account?: string }) => {
      // As the host: one account by id or email, or every account.
      const left = args?.account
        ? (state.auth.accounts ?? []).filter(
            (a) => a.id !== args.account && a.email !== args.account,
          )
        : []
      state.auth =
        left.length > 0
          ? { ...state.auth, accounts: left, email: left[0]?.email ?? undefined }
          : { signedIn: false, state: 'signed-out' }
      emit({ type: 'auth:status', status: structuredClone(state.auth) })
      return record('signOut', args, state.auth)
    },
    importCodexLogin: () => {
      state.auth = { ...sampleAuth(), mode: 'imported from ~/.codex/auth.json' }
      return record('importCodexLogin', undefined, state.auth)
    },
    logSnapshot: () => record('logSnapshot', undefined, state.entries.map(summary)),
    logEntry: (args: { id: string }) =>
      record('logEntry', args, state.entries.find((e) => e.id === args.id) ?? null),
    logSearch: (args: { text: string }) => {
      const needle = args.text.toLowerCase()
      const hit = (e: ExchangeEntry) =>
        JSON.stringify([
          e.clientRequest,
          e.upstreamRequest,
          e.clientResponse,
          e.notes,
          e.error,
          e.frames,
        ])
          .toLowerCase()
          .includes(needle)
      return record('logSearch', args, needle ? state.entries.filter(hit).map((e) => e.id) : [])
    },
    logExport: () => record('logExport', undefined, structuredClone(state.entries)),
    clearLog: () => {
      state.entries = []
      emit({ type: 'log:cleared' })
      return record('clearLog', undefined, undefined)
    },
    snippets: () => record('snippets', undefined, snippets(state.gateway)),
    explainRoute: (args: { model: string }) =>
      record('explainRoute', args, explain(state.settings, args.model)),
    testProvider: (args: { id: string }) =>
      record('testProvider', args, {
        ok: args.id !== 'anthropic',
        status: args.id === 'anthropic' ? 401 : 200,
        latencyMs: 142,
        message: args.id === 'anthropic' ? 'ANTHROPIC_API_KEY is not set' : 'Listed 212 models',
      }),
    setProviderKey: (args: { id: string; key: string }) => {
      // As the gateway: only a saved provider takes a key, and its settings then name the keychain entry.
      const provider = state.settings.providers.find((p) => p.id === args.id)
      if (!provider) {
        calls.push({ method: 'setProviderKey', arg: args })
        return Promise.reject(new ControlError(`No provider named "${args.id}".`))
      }
      state.providerKeys[args.id] = args.key
      provider.apiKeySecret = `provider:${args.id}`
      emit({ type: 'settings:changed', settings: structuredClone(state.settings) })
      return record('setProviderKey', args, { secretName: `provider:${args.id}` })
    },
    usageHistory: (args?: { days?: number }) => record('usageHistory', args, state.usage),
    bridgeImportOffer: () =>
      record('bridgeImportOffer', undefined, state.bridgeImport && state.bridgeImport.offer),
    importBridgeSettings: () => {
      const found = state.bridgeImport
      if (!found) {
        calls.push({ method: 'importBridgeSettings', arg: undefined })
        return Promise.reject(
          new ControlError('There is no codex-chat-bridge conf.toml to import.'),
        )
      }
      // As the host: the file stays, so the offer stays, with nothing left to change.
      state.settings = structuredClone(found.result)
      found.offer = { ...found.offer, firstRun: false, changes: [] }
      emit({ type: 'settings:changed', settings: structuredClone(state.settings) })
      return record('importBridgeSettings', undefined, {
        settings: structuredClone(state.settings),
        warnings: [],
      })
    },
    proxyTokensOffer: () =>
      record(
        'proxyTokensOffer',
        undefined,
        state.proxyTokens && !state.proxyTokens.deleted ? state.proxyTokens.offer : null,
      ),
    importProxyTokens: (args: { deleteFile: boolean }) => {
      const found = state.proxyTokens
      if (!found || found.deleted) {
        calls.push({ method: 'importProxyTokens', arg: args })
        return Promise.reject(
          new ControlError('There is no chatgpt-codex-proxy sign-in to import.'),
        )
      }
      // As the host: the sign-in joins the pool; the file goes only when asked.
      state.auth = {
        ...sampleAuth(),
        ...(found.offer.email ? { email: found.offer.email } : {}),
      }
      if (args.deleteFile) found.deleted = true
      emit({ type: 'auth:status', status: state.auth })
      return record('importProxyTokens', args, state.auth)
    },
    subscribe: (listener: (e: ControlEvent) => void, onOpen?: () => void) => {
      listeners.add(listener)
      const opened = onOpen ? () => onOpen() : undefined
      if (opened) {
        openListeners.add(opened)
        queueMicrotask(() => openListeners.has(opened) && opened())
      }
      return () => {
        listeners.delete(listener)
        if (opened) openListeners.delete(opened)
      }
    },
  } satisfies ControlClient

  /** The event stream reconnected: every subscriber is told, as after a gateway restart. */
  const reopen = (): void => {
    for (const l of [...openListeners]) l()
  }

  /** A sign-in finished in the browser: the account joins the pool (or is renewed) and the host says so. */
  const finishSignIn = (account: AccountView): void => {
    const pool = state.auth.accounts ?? []
    const added = !pool.some((a) => a.id === account.id)
    const started = state.auth.signIn ?? {
      state: 'pending' as const,
      method: 'browser' as const,
      startedAt: new Date().toISOString(),
    }
    state.auth = {
      ...state.auth,
      signedIn: true,
      accounts: added ? [...pool, account] : pool.map((a) => (a.id === account.id ? account : a)),
      signIn: { ...started, state: 'done', account: account.email ?? account.id, added },
    }
    emit({ type: 'auth:status', status: structuredClone(state.auth) })
  }

  return {
    ...client,
    state,
    calls,
    emit,
    reopen,
    finishSignIn,
    listenerCount: () => listeners.size,
  }
}

export type FakeClient = ReturnType<typeof createFakeClient>
