// Removes secrets from anything the log keeps: known secret values anywhere, and credential headers.
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'set-cookie', 'proxy-authorization', 'chatgpt-account-id'])

export class Redactor {
  private secrets = new Set<string>()

  /** Registers a value that must never appear in logs (keys, tokens). Short values are ignored. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 8) this.secrets.add(secret)
  }

  text(input: string): string {
    let out = input
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('[redacted]')
    return out.includes('Bearer') ? out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1[redacted]') : out
  }

  headers(input: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries(input)) {
      if (v === undefined) continue
      const value = Array.isArray(v) ? v.join(', ') : v
      out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? '[redacted]' : this.text(value)
    }
    return out
  }
}
