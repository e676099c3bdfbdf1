// `switchboard serve`: load settings, build the gateway, listen, report where, and stop cleanly.
import { writeFile } from 'node:fs/promises'
import { parseServeFlags, SERVE_USAGE } from '../config/flags.js'
import { buildServer } from '../server.js'
import { loadConfig } from './load-config.js'

export async function runServe(argv: string[]): Promise<number> {
  const flags = parseServeFlags(argv)
  if (flags.help) {
    process.stdout.write(SERVE_USAGE)
    return 0
  }
  const config = await loadConfig(flags)
  for (const m of config.messages) process.stderr.write(`switchboard: ${m}\n`)
  const settings = config.settings
  let stopping = false
  const { app } = buildServer({
    settings: () => settings,
    accessKey: () => config.accessKey.key,
    onShutdown: () => void stop('shutdown requested over HTTP'),
  })
  async function stop(reason: string): Promise<void> {
    if (stopping) return
    stopping = true
    process.stderr.write(`switchboard: stopping (${reason})\n`)
    await app.close()
  }
  try {
    await app.listen({ host: settings.server.host, port: settings.server.port })
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code === 'EADDRINUSE') {
      process.stderr.write(`switchboard: port ${settings.server.port} on ${settings.server.host} is already in use; pass --port 0 for any free port, or another port.\n`)
      return 1
    }
    throw err
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : settings.server.port
  const host = settings.server.host
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  if (flags.serverInfo) await writeFile(flags.serverInfo, JSON.stringify({ host, port, pid: process.pid, url }) + '\n')
  const keyWhere = config.accessKey.source === 'env' ? 'from PROXY_API_KEY' : `stored in ${config.accessKey.path ?? config.dir}`
  process.stdout.write(
    `Switchboard listening on ${url}\n` +
      `  default provider: ${settings.defaultProvider}\n` +
      `  access key: ${keyWhere}\n` +
      `  set up a client: switchboard snippet claude|codex|openai${flags.config ? ` --config ${flags.config}` : ''}\n`,
  )
  await new Promise<void>((resolve) => {
    const onSignal = (signal: string) => () => void stop(signal).then(resolve)
    process.once('SIGINT', onSignal('SIGINT'))
    process.once('SIGTERM', onSignal('SIGTERM'))
    app.server.once('close', () => resolve())
  })
  return 0
}
