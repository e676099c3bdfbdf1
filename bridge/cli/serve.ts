// `switchboard serve`: the gateway host with the settings file, the HTTP control API and the web UI;
// reports where it listens and stops cleanly.
import { writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseServeFlags, SERVE_USAGE } from '../config/flags.js'
import { importOffer, resolveServeConfig } from '../config/serve-config.js'
import { CONTROL_TOKEN_HEADER, CONTROL_UI_TOKEN_PARAM } from '../control/contract/transports.js'
import { fileSettingsStore, newControlToken } from '../control/file-stores.js'
import { registerControlHttp } from '../control/http-control.js'
import { createHost } from '../host/create-host.js'
import { printFinishedRequests } from '../log/access-line.js'
import { openBrowser } from './open-browser.js'

const UI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../renderer')

export async function runServe(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const cliFlags = parseServeFlags(argv)
  if (cliFlags.help) {
    process.stdout.write(SERVE_USAGE)
    return 0
  }
  // --config names a settings.json (checked, never moved) or a codex-chat-bridge conf.toml (read as flags).
  const resolved = await resolveServeConfig(cliFlags, env)
  const { flags, settingsPath: path } = resolved
  const token = newControlToken()
  let stopRequested: (() => void) | undefined
  const { host, notices } = await createHost({
    env,
    configDir: dirname(path),
    settingsStore: fileSettingsStore(path),
    flags,
    ...(flags.secretStore ? { secretStore: flags.secretStore } : {}),
    openExternal: openBrowser,
    keepListening: true,
    extendServer: (app, h) => registerControlHttp(app, h, { token, uiDir: UI_DIR }),
    onShutdown: () => stopRequested?.(),
  })
  const access = flags.quiet
    ? undefined
    : printFinishedRequests(host.log, (lines) => process.stderr.write(lines))
  if (access) process.once('exit', access.flush)
  const offer = flags.config === undefined ? importOffer(path) : undefined
  const lines = [...notices.map((n) => n.message), ...resolved.notes, ...(offer ? [offer] : [])]
  for (const m of lines) process.stderr.write(`switchboard: ${m}\n`)
  const status = await host.startGateway()
  if (status.state !== 'running' || !status.url) {
    process.stderr.write(`switchboard: ${status.error ?? 'the gateway did not start'}\n`)
    return 1
  }
  if (flags.serverInfo)
    await writeFile(
      flags.serverInfo,
      JSON.stringify({ host: status.host, port: status.port, pid: process.pid, url: status.url }) +
        '\n',
    )
  process.stdout.write(
    `Switchboard listening on ${status.url}\n` +
      `  default provider: ${host.settings.defaultProvider}\n` +
      `  settings: ${path}\n` +
      (resolved.tomlPath
        ? `  codex-chat-bridge settings: ${resolved.tomlPath} (read only)\n`
        : '') +
      `  web UI: ${status.url}/ui/#${CONTROL_UI_TOKEN_PARAM}=${token}\n` +
      `  control token (${CONTROL_TOKEN_HEADER} header, for scripts): ${token}\n` +
      `  set up a client: switchboard snippet claude|codex|openai${resolved.tomlPath === undefined && flags.config ? ` --config ${flags.config}` : ''}\n`,
  )
  await new Promise<void>((done) => {
    let stopping = false
    const stop = (reason: string): void => {
      if (stopping) return
      stopping = true
      access?.flush()
      process.stderr.write(`switchboard: stopping (${reason})\n`)
      void host.close().then(done)
    }
    stopRequested = () => stop('shutdown requested over HTTP')
    process.once('SIGINT', () => stop('SIGINT'))
    process.once('SIGTERM', () => stop('SIGTERM'))
  })
  return 0
}
