// The one composition root: builds the gateway host (settings, secrets, sign-in, providers, log, control) for
// every front end — `switchboard serve` and the tray app differ only in the options they pass.
import type { FastifyInstance } from 'fastify'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { AccountPool, defaultProxyTokensPath, resolveAuthConfig } from '../auth/index.js'
import { CODEX_CHAT_BRIDGE_CONF } from '../config/bridge-toml.js'
import { ConfigError } from '../config/errors.js'
import { effectiveSettings } from '../config/effective.js'
import type { ServeFlags } from '../config/flags.js'
import type { Settings } from '../config/schema.js'
import { ChatgptAuth } from './chatgpt-auth.js'
import type { HostNotice } from '../control/contract/gateway-status.js'
import { fileAccessKeyStore } from '../control/file-stores.js'
import { GatewayHost } from '../control/gateway-host.js'
import type { AccessKeyStore, AuthController, SettingsStore } from '../control/host-types.js'
import { FileSecretStore } from '../secrets/file-secret-store.js'
import { openSecrets } from '../secrets/open-secret-store.js'
import { MemorySecretStore, type SecretStore } from '../secrets/secret-store.js'
import { ChatgptRuntime } from '../upstream/chatgpt/runtime.js'
import { CodexCliRuntime } from '../upstream/codex-cli/index.js'
import { createProviderRegistry } from '../upstream/registry.js'
import { settingsNotices } from './settings-notices.js'
import { readUsage, writeUsage } from './usage-file.js'

/** What a front end decides; everything else is built the same way for all of them. */
export interface CreateHostOptions {
  env: NodeJS.ProcessEnv
  /** The settings directory: access key, opt-in secrets file and the usage file live here. */
  configDir: string
  /** The settings document: a JSON file (serve) or electron-store (tray), the same format. */
  settingsStore: SettingsStore
  /** Command-line flags over the file (serve); the environment overlay applies to every front end. */
  flags?: ServeFlags
  /** `--secret-store`; without it the keychain, or the file store the user opted into before. */
  secretStore?: 'keychain' | 'file'
  /** Where secrets live, when the caller knows better (tests); defaults to openSecrets(configDir, secretStore). */
  openSecrets?: () => Promise<SecretStore>
  accessKeys?: AccessKeyStore
  /** Replaces the ChatGPT sign-in controller (tests, builds without ChatGPT). */
  auth?: (context: { secrets: SecretStore; settings: () => Settings }) => AuthController | undefined
  openExternal?: (url: string) => Promise<void>
  /** Headless: stopping the gateway only pauses the model endpoints, so the UI stays reachable. */
  keepListening?: boolean
  /** Extra routes on the gateway's server (the headless UI and the HTTP control transport). */
  extendServer?: (app: FastifyInstance, host: GatewayHost) => void
  onShutdown?: () => void
  /** SQLite's native binding built for this runtime (Electron's ABI), when the package's own is for Node. */
  sqliteBinding?: string
}

export interface BuiltHost {
  host: GatewayHost
  secrets: SecretStore
  chatgpt: ChatgptRuntime
  /** Start-up notices (also in gatewayStatus().notices), then what the flags and environment changed. */
  notices: HostNotice[]
}

const NO_FLAGS: ServeFlags = { upstreamHeaders: {} }

function withoutServeOnlyVars(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PORT: _port, HOST: _host, ...rest } = env
  return rest
}

async function secretStore(
  options: CreateHostOptions,
): Promise<{ secrets: SecretStore; notice?: HostNotice }> {
  try {
    const secrets = await (
      options.openSecrets ?? (() => openSecrets(options.configDir, options.secretStore))
    )()
    // Tokens in a plain file are the user's choice, but one to be reminded of at every start, as the keychain was
    // passed over.
    if (secrets instanceof FileSecretStore)
      return {
        secrets,
        notice: {
          level: 'warning',
          code: 'secrets-in-file',
          message: `No keychain is available${secrets.keychainProblem ? ` (${secrets.keychainProblem})` : ''}: ChatGPT tokens and stored API keys are kept in ${secrets.path} (mode 0600), as chosen with --secret-store file.`,
        },
      }
    return { secrets }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    const message = `${error.message.replace(/\.?$/, '.')} Until then ChatGPT sign-in and stored API keys are unavailable.`
    return {
      secrets: new MemorySecretStore(),
      notice: { level: 'warning', code: 'secrets-unavailable', message },
    }
  }
}

/** Builds and initialises the host; the caller starts the gateway. Throws ConfigError for bad flags. */
export async function createHost(options: CreateHostOptions): Promise<BuiltHost> {
  const { env } = options
  const { secrets, notice } = await secretStore(options)
  // Loaded once: a broken document is moved aside by this load, and its report travels with the host.
  const loaded = await options.settingsStore.load()
  const startNotices = [...settingsNotices(loaded), ...(notice ? [notice] : [])]

  const credentials = new AccountPool({
    store: secrets,
    config: resolveAuthConfig(loaded.settings.auth, env),
  })
  const proxyTokens = defaultProxyTokensPath(env['HOME'] || undefined)
  if (
    existsSync(proxyTokens) &&
    !(await credentials.status().catch(() => ({ signedIn: false }))).signedIn
  ) {
    startNotices.push({
      level: 'info',
      code: 'import-offer',
      message: `found chatgpt-codex-proxy's sign-in in ${proxyTokens}: \`switchboard login --import-proxy\` moves it into the keychain`,
    })
  }
  const chatgpt = new ChatgptRuntime(credentials, env)
  // A restart keeps knowing which account is limited until when, and the readings behind the forecast.
  chatgpt.usage.restore(await readUsage(options.configDir))
  const ready: { host?: GatewayHost } = {}
  const chatgptAuth = new ChatgptAuth(credentials, {
    usage: chatgpt.usage,
    accountsSettings: () =>
      ready.host?.settings.providers.find((p) => p.kind === 'chatgpt')?.accounts,
  })
  // The usage is also written beside the settings, so `switchboard status` and `accounts` can show it.
  // One write at a time, each with the figures of when it starts: an older snapshot never lands last.
  let writing = Promise.resolve()
  let queued = false
  chatgpt.usage.subscribe(() => {
    void chatgptAuth.announce()
    if (queued) return
    queued = true
    writing = writing.then(() => {
      queued = false
      return writeUsage(options.configDir, chatgpt.usage.snapshot())
    })
  })

  const overlayNotes: string[] = []
  const flags = options.flags ?? NO_FLAGS
  // PORT and HOST are the headless bridges' variables; a desktop session may export HOST as the machine's
  // name, and the tray's address is its settings.
  const overlayEnv = options.flags ? env : withoutServeOnlyVars(env)
  const auth = options.auth
    ? options.auth({
        secrets,
        settings: () => {
          if (!ready.host) throw new Error('settings are read before the gateway host exists')
          return ready.host.settings
        },
      })
    : chatgptAuth
  const host = new GatewayHost({
    settingsStore: options.settingsStore,
    accessKeys: options.accessKeys ?? fileAccessKeyStore(options.configDir, env),
    secrets,
    env,
    providers: createProviderRegistry({
      chatgpt,
      codex: new CodexCliRuntime({ env, stateDir: options.configDir }),
    }),
    dataDir: options.configDir,
    bridgeConf: join(env['HOME'] || homedir(), ...CODEX_CHAT_BRIDGE_CONF),
    proxyTokens: defaultProxyTokensPath(env['HOME'] || homedir()),
    ...(auth ? { auth } : {}),
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    ...(options.keepListening ? { keepListening: true } : {}),
    ...(options.extendServer ? { extendServer: options.extendServer } : {}),
    ...(options.onShutdown ? { onShutdown: options.onShutdown } : {}),
    ...(options.sqliteBinding ? { sqliteBinding: options.sqliteBinding } : {}),
    // The chain may grow while a write lands; close waits until it stops growing.
    pendingWrites: async () => {
      for (let last = writing; ; last = writing) {
        await last
        if (last === writing) return
      }
    },
    overlay: (stored) => {
      const eff = effectiveSettings(stored, flags, overlayEnv)
      overlayNotes.splice(0, overlayNotes.length, ...eff.notes)
      return eff.settings
    },
  })
  ready.host = host
  // Which account serves next follows the accounts settings: a save that changes them is told like a sign-in.
  const accountsOf = (settings: Settings): string =>
    JSON.stringify(settings.providers.find((p) => p.kind === 'chatgpt')?.accounts ?? {})
  let accountsSeen = accountsOf(loaded.settings)
  host.watch(['settings:changed'], (event) => {
    if (event.type !== 'settings:changed') return
    const now = accountsOf(event.settings)
    if (now === accountsSeen) return
    accountsSeen = now
    void chatgptAuth.announce()
  })
  await host.init({ loaded, notices: startNotices })
  const overlay = overlayNotes.map((message): HostNotice => ({
    level: 'info',
    code: 'overlay',
    message,
  }))
  // The host adds its own while starting (an unreadable usage history): every front end tells the user those too.
  const own = (await host.gatewayStatus()).notices.filter((n) => !startNotices.includes(n))
  return { host, secrets, chatgpt, notices: [...startNotices, ...own, ...overlay] }
}
