// Removes secrets from anything the log keeps or a client is told: known secret values anywhere, bearer
// tokens, and credential headers.
import type { CanonicalError } from '../protocol/canonical/errors.js'

const SECRET_HEADERS = new Set([
  'authorization',
  'x-api-key',
  'cookie',
  'set-cookie',
  'proxy-authorization',
  'chatgpt-account-id',
])

/** Header names whose values are credentials: the usual ones and anything named like a key, token or secret. */
export function isCredentialHeader(name: string): boolean {
  const known = credentialNames.get(name)
  if (known !== undefined) return known
  const n = name.toLowerCase()
  const credential =
    SECRET_HEADERS.has(n) ||
    /(^|[-_])(api[-_]?key|key|token|secret|password|auth|authorization|session|signature)($|[-_])/.test(
      n,
    )
  // Three header sets are logged per request, nearly always with the same names: each is tested once.
  if (credentialNames.size >= MAX_NAMES) credentialNames.clear()
  credentialNames.set(name, credential)
  return credential
}

const credentialNames = new Map<string, boolean>()
/** A client sending ever new header names cannot grow the answers kept past this. */
const MAX_NAMES = 1024

/**
 * The secret values in a set of upstream headers (a provider's fixed `headers`, `--upstream-http-header`):
 * the whole value of every credential header and, for `Bearer x` / `Basic x`, the credential alone.
 */
export function headerSecrets(headers: Record<string, string> | undefined): string[] {
  const out: string[] = []
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!isCredentialHeader(name)) continue
    out.push(value)
    const scheme = /^\s*[A-Za-z][\w-]*\s+(\S+)\s*$/.exec(value)
    if (scheme?.[1]) out.push(scheme[1])
  }
  return out
}

export class Redactor {
  private secrets = new Set<string>()

  /** Registers a value that must never appear in logs (keys, tokens). Short values are ignored. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 8) this.secrets.add(secret)
  }

  /** For what the log keeps and error messages: known secrets, and anything that looks like a bearer token. */
  text(input: string): string {
    const out = this.known(input)
    return out.includes('Bearer')
      ? out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1[redacted]')
      : out
  }

  /** For answers relayed to a client: only the known secrets, so a model writing "Bearer <token>" in code is left alone. */
  known(input: string): string {
    let out = input
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('[redacted]')
    return out
  }

  /** A client-bound error with every text field redacted: upstreams echo credentials in their messages. */
  error(input: CanonicalError): CanonicalError {
    const out: CanonicalError = { ...input, message: this.text(input.message) }
    if (input.code !== undefined) out.code = this.text(input.code)
    if (input.param !== undefined) out.param = this.text(input.param)
    return out
  }

  /** One header's value as the log keeps it: a credential header's hidden whole, secrets cut from any other. */
  header(name: string, value: string): string {
    return isCredentialHeader(name) ? '[redacted]' : this.text(value)
  }
}
