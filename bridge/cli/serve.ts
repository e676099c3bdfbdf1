// `switchboard serve`: the gateway host with the settings file, the HTTP control API and the web UI;
// reports where it listens and stops cleanly.
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { writeFileAtomic } from '../config/atomic-write.js'
import { USAGE_FILE } from './usage-file.js'
import { fileURLToPath } from 'node:url'
import { effectiveSettings } from '../config/effective.js'
import { parseServeFlags, SERVE_USAGE } from '../config/flags.js'
import { importOffer, resolveServeConfig } from '../config/serve-config.js'
import { printFinishedRequests } from '../log/access-line.js'
import { fileAccessKeyStore, fileSettingsStore, newControlToken } from '../control/file-stores.js'
import { GatewayHost } from '../control/gateway-host.js'
import { registerControlHttp } from '../control/http-control.js'
import { CredentialService, defaultProxyTokensPath, resolveAuthConfig } from '../auth/index.js'
import { ChatgptAuth } from '../control/chatgpt-auth.js'
import { MemorySecretStore, type SecretStore } from '../secrets/secret-store.js'
import { ChatgptRuntime } from '../upstream/chatgpt/runtime.js'
import { createProviderRegistry } from '../upstream/registry.js'
import { CodexCliRuntime } from '../upstream/codex-cli/index.js'
import { loadSettingsFile } from '../config/settings-file.js'
import { openSecrets } from './auth-context.js'
import { openBrowser } from './open-browser.js'
import { toUsageView } from '../control/usage-view.js'

const UI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../renderer')

export async function runServe(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const cliFlags = parseServeFlags(argv)
  if (cliFlags.help) {
    process.stdout.write(SERVE_USAGE)
    return 0
  }
  // --config names a settings.json (checked, never moved) or a codex-chat-bridge conf.toml (read as flags).
  const resolved = await resolveServeConfig(cliFlags, env)
  const { flags, settingsPath: path } = resolved
  const token = newControlToken()
  // What flags and environment changed (rewritten on every re-apply) and start-up problems (kept).
  const notes: string[] = []
  const problems: string[] = [...resolved.notes]
  const offer = flags.config === undefined ? importOffer(path) : undefined
  if (offer) problems.push(offer)
  let stopRequested: (() => void) | undefined
  let secrets: SecretStore
  try {
    secrets = await openSecrets(dirname(path), flags.secretStore)
  } catch (err) {
    problems.push(`${(err as Error).message.replace(/\.?$/, ".")} Until then ChatGPT sign-in and stored API keys are unavailable.`)
    secrets = new MemorySecretStore()
  }
  const authSettings = (await loadSettingsFile(path)).settings.auth
  const credentials = new CredentialService({ store: secrets, config: resolveAuthConfig(authSettings, env) })
  const proxyTokens = defaultProxyTokensPath(env['HOME'] || undefined)
  if (existsSync(proxyTokens) && !(await credentials.status().catch(() => ({ signedIn: false }))).signedIn) {
    problems.push(`found chatgpt-codex-proxy's sign-in in ${proxyTokens}: \`switchboard login --import-proxy\` moves it into the keychain`)
  }
  const chatgpt = new ChatgptRuntime(credentials, env)
  const auth = new ChatgptAuth(credentials, () => toUsageView(chatgpt.usage.latest()))
  // The latest usage windows are also written next to the settings, so `switchboard status` can show them.
  chatgpt.usage.subscribe(() => {
    void auth.announce()
    const view = toUsageView(chatgpt.usage.latest())
    if (view) void writeFileAtomic(join(dirname(path), USAGE_FILE), JSON.stringify(view) + '\n', 0o600).catch(() => undefined)
  })
  const host = new GatewayHost({
    settingsStore: fileSettingsStore(path),
    accessKeys: fileAccessKeyStore(dirname(path), env),
    secrets,
    env,
    providers: createProviderRegistry({ chatgpt, codex: new CodexCliRuntime({ env, stateDir: dirname(path) }) }),
    auth,
    openExternal: openBrowser,
    keepListening: true,
    dataDir: dirname(path),
    overlay: (stored) => {
      const eff = effectiveSettings(stored, flags, env)
      notes.splice(0, notes.length, ...eff.notes)
      return eff.settings
    },
    extendServer: (app, h) => registerControlHttp(app, h, { token, uiDir: UI_DIR }),
    onShutdown: () => stopRequested?.(),
  })
  await host.init()
  if (!flags.quiet) printFinishedRequests(host.log, (line) => process.stderr.write(line))
  for (const m of [...host.messages, ...notes, ...problems]) process.stderr.write(`switchboard: ${m}\n`)
  const status = await host.startGateway()
  if (status.state !== 'running' || !status.url) {
    process.stderr.write(`switchboard: ${status.error ?? 'the gateway did not start'}\n`)
    return 1
  }
  if (flags.serverInfo) await writeFile(flags.serverInfo, JSON.stringify({ host: status.host, port: status.port, pid: process.pid, url: status.url }) + '\n')
  process.stdout.write(
    `Switchboard listening on ${status.url}\n` +
      `  default provider: ${host.settings.defaultProvider}\n` +
      `  settings: ${path}\n` +
      (resolved.tomlPath ? `  codex-chat-bridge settings: ${resolved.tomlPath} (read only)\n` : '') +
      `  web UI: ${status.url}/ui?token=${token}\n` +
      `  set up a client: switchboard snippet claude|codex|openai${flags.config ? ` --config ${flags.config}` : ''}\n`,
  )
  await new Promise<void>((done) => {
    let stopping = false
    const stop = (reason: string): void => {
      if (stopping) return
      stopping = true
      process.stderr.write(`switchboard: stopping (${reason})\n`)
      void host.close().then(done)
    }
    stopRequested = () => stop('shutdown requested over HTTP')
    process.once('SIGINT', () => stop('SIGINT'))
    process.once('SIGTERM', () => stop('SIGTERM'))
  })
  return 0
}
