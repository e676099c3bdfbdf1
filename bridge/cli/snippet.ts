// `switchboard snippet claude|codex|openai`: the copy-paste setup with the live URL and access key.
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { loadOrCreateAccessKey } from '../config/access-key.js'
import { ConfigError } from '../config/errors.js'
import { effectiveSettings } from '../config/effective.js'
import { resolveServeConfig } from '../config/serve-config.js'
import { loadSettingsFile } from '../config/settings-file.js'
import { claudeContextWindow } from '../snippets/context-window.js'
import { snippet, SNIPPET_KINDS, type SnippetKind } from '../snippets/snippets.js'

export async function runSnippet(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { config: { type: 'string' }, url: { type: 'string' }, model: { type: 'string' } },
    allowPositionals: true,
  })
  const kind = positionals[0]
  if (!kind || !(SNIPPET_KINDS as readonly string[]).includes(kind)) {
    throw new ConfigError(`snippet needs one of: ${SNIPPET_KINDS.join(', ')}`)
  }
  // The same files, flags from a conf.toml and environment as `serve`, so the snippet names the port it listens on.
  const resolved = await resolveServeConfig(
    { upstreamHeaders: {}, ...(values.config ? { config: values.config } : {}) },
    env,
  )
  const path = resolved.settingsPath
  const { settings } = effectiveSettings(
    (await loadSettingsFile(path)).settings,
    resolved.flags,
    env,
  )
  const key = await loadOrCreateAccessKey(dirname(path), env)
  const { host, port } = settings.server
  const shown =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  const baseUrl = values.url ?? `http://${shown}:${port}`
  const contextWindow = kind === 'claude' ? claudeContextWindow(settings) : undefined
  const options = {
    baseUrl,
    accessKey: key.key,
    ...(values.model ? { model: values.model } : {}),
    ...(contextWindow !== undefined ? { contextWindow } : {}),
  }
  process.stdout.write(snippet(kind as SnippetKind, options) + '\n')
  return 0
}
