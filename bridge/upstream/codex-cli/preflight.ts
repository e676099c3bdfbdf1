// Checks made before a Codex turn starts, each in well under a second: is Codex signed in (when its model
// provider needs that), and is its model provider on this machine when the provider is local-only.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'smol-toml'
import { isLoopbackHost } from '../../config/effective.js'
import { bridgeError } from '../../errors.js'

export interface ModelProviderInfo {
  id: string
  /** The built-in `openai` provider, or one with `requires_openai_auth = true`: `codex login` is needed. */
  needsLogin: boolean
  /** Where Codex sends model calls; undefined when Codex's own default applies. */
  baseUrl: string | undefined
}

export function codexHomeOf(codexHome: string | undefined, env: NodeJS.ProcessEnv): string {
  return codexHome ?? env.CODEX_HOME ?? join(env.HOME ?? homedir(), '.codex')
}

/** The model provider Codex's config.toml selects (`model_provider`, default `openai`). */
export function modelProvider(codexHome: string, env: NodeJS.ProcessEnv): ModelProviderInfo {
  let doc: Record<string, unknown> = {}
  try {
    doc = parse(readFileSync(join(codexHome, 'config.toml'), 'utf8')) as Record<string, unknown>
  } catch {
    // No file or one Codex itself will complain about: Codex's defaults apply.
  }
  const id = typeof doc['model_provider'] === 'string' ? doc['model_provider'] : 'openai'
  const providers = record(doc['model_providers'])
  const entry = record(providers[id])
  const url = typeof entry['base_url'] === 'string' ? entry['base_url'] : undefined
  if (id === 'openai') {
    const openaiUrl =
      url ??
      (typeof doc['openai_base_url'] === 'string' ? doc['openai_base_url'] : undefined) ??
      env.OPENAI_BASE_URL
    return { id, needsLogin: true, baseUrl: openaiUrl }
  }
  if ((id === 'oss' || id === 'ollama' || id === 'lmstudio') && url === undefined)
    return { id, needsLogin: false, baseUrl: 'http://localhost' }
  return { id, needsLogin: entry['requires_openai_auth'] === true, baseUrl: url }
}

/** A 400 naming the setting when local-only is on and Codex would send the conversation off this machine. */
export function assertLocalProvider(info: ModelProviderInfo, providerId: string): void {
  let host: string | undefined
  try {
    host = info.baseUrl === undefined ? undefined : new URL(info.baseUrl).hostname
  } catch {
    host = undefined
  }
  if (host !== undefined && isLoopbackHost(host)) return
  throw bridgeError(
    'BRIDGE_FORBIDDEN',
    'invalid_request',
    `Provider "${providerId}" is local-only (setting codex.localOnly, CODEX_LOCAL_ONLY), but Codex's model provider "${info.id}" ` +
      `sends requests to ${info.baseUrl ?? "OpenAI's servers"}, which is not on this machine.`,
    { status: 400 },
  )
}

/** `codex login status`: exit 0 when signed in (ChatGPT or API key), non-zero with "Not logged in" otherwise. */
export function loginStatus(
  binary: string,
  env: NodeJS.ProcessEnv,
): Promise<{ signedIn: boolean; message: string }> {
  return new Promise((resolve) => {
    execFile(binary, ['login', 'status'], { env, timeout: 10_000 }, (err, stdout, stderr) => {
      const lines = `${String(stdout)}\n${String(stderr)}`
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !/^WARNING/i.test(l))
      resolve({ signedIn: err === null, message: lines.at(-1) ?? '' })
    })
  })
}

export function notSignedIn(providerId: string, codexHome: string, said: string): Error {
  return bridgeError(
    'BRIDGE_UPSTREAM_AUTH',
    'authentication',
    `The Codex CLI is not signed in (provider "${providerId}"${said ? `; codex login status says "${said}"` : ''}). ` +
      `Sign in with \`CODEX_HOME=${codexHome} codex login\` (or \`codex login --with-api-key\`), then try again.`,
    { status: 401, code: 'codex_not_signed_in' },
  )
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}
