// `switchboard snippet claude|codex|openai`: the copy-paste setup with the live URL and access key.
import { parseArgs } from 'node:util'
import { ConfigError } from '../config/errors.js'
import { snippet, SNIPPET_KINDS, type SnippetKind } from '../snippets/snippets.js'
import { loadConfig } from './load-config.js'

export async function runSnippet(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { config: { type: 'string' }, url: { type: 'string' }, model: { type: 'string' } },
    allowPositionals: true,
  })
  const kind = positionals[0]
  if (!kind || !(SNIPPET_KINDS as readonly string[]).includes(kind)) {
    throw new ConfigError(`snippet needs one of: ${SNIPPET_KINDS.join(', ')}`)
  }
  const config = await loadConfig(values.config ? { config: values.config, upstreamHeaders: {} } : { upstreamHeaders: {} })
  const { host, port } = config.settings.server
  const baseUrl = values.url ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`
  process.stdout.write(snippet(kind as SnippetKind, { baseUrl, accessKey: config.accessKey.key, ...(values.model ? { model: values.model } : {}) }) + '\n')
  return 0
}
