// The signed-in ChatGPT accounts: one keychain entry of tokens per account plus an index in sign-in order,
// migrated from the single `chatgpt-tokens` entry of earlier versions without signing anyone out.
import type { SecretStore } from '../secrets/secret-store.js'
import type { AuthConfig } from './auth-config.js'
import { startBrowserLogin } from './browser-login.js'
import type { BrowserLogin, BrowserLoginOptions } from './browser-login.js'
import { defaultCodexAuthPath } from './codex-auth-file.js'
import { tokensFromCodexFile } from './codex-link.js'
import { CredentialService } from './credential-service.js'
import type { AccessCredentials, CredentialStatus } from './credential-service.js'
import { loginWithDeviceCode } from './device-login.js'
import type { DeviceLoginOptions } from './device-login.js'
import { readTokenClaims } from './jwt-claims.js'
import { parseStoredTokens, serializeTokens, TOKENS_SECRET } from './token-set.js'
import type { StoredTokens, TokenMode } from './token-set.js'
import { parseJson } from '../protocol/canonical/read-json.js'

/** The index of accounts (ids in sign-in order); it holds no token, but lives beside them so both move together. */
export const ACCOUNTS_SECRET = 'chatgpt-accounts'

/** The keychain entry of one account's tokens. */
export function accountSecretName(accountId: string): string {
  return `chatgpt-tokens:${accountId}`
}

/** Tokens whose JWTs name no account (an old import) still get a stable place in the pool. */
const UNKNOWN_ACCOUNT = 'unknown-account'

export interface PoolEntry {
  id: string
  /** Epoch ms of the first sign-in: the default serving order. */
  addedAt: number
}

export interface PoolAccount extends PoolEntry {
  credentials: CredentialService
}

export interface AccountStatus extends CredentialStatus {
  id: string
  addedAt: number
}

export interface AddResult {
  status: AccountStatus
  /** False when the account was already in the pool and only its tokens were renewed. */
  added: boolean
}

export interface RemoveResult {
  id: string
  email: string | null
  revoked: boolean
  deleted: boolean
  mode: TokenMode | null
}

export interface AccountPoolOptions {
  store: SecretStore
  config: AuthConfig
  now?: () => number
  /** How long the request path trusts the index it read before looking again (another process may sign in). */
  rereadMs?: number
}

export function accountIdOf(tokens: StoredTokens): string {
  return (
    tokens.account_id ??
    readTokenClaims(tokens.id_token, tokens.access_token).accountId ??
    UNKNOWN_ACCOUNT
  )
}

function parseIndex(text: string | null): PoolEntry[] | null {
  if (text === null) return null
  let doc: unknown
  try {
    doc = parseJson(text)
  } catch {
    return null
  }
  const list =
    typeof doc === 'object' && doc !== null ? (doc as { accounts?: unknown }).accounts : null
  if (!Array.isArray(list)) return null
  const out: PoolEntry[] = []
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue
    const r = item as Record<string, unknown>
    const id = r['id']
    if (typeof id !== 'string' || id === '' || out.some((e) => e.id === id)) continue
    out.push({ id, addedAt: typeof r['addedAt'] === 'number' ? r['addedAt'] : 0 })
  }
  return out
}

export class AccountPool {
  private readonly store: SecretStore
  readonly config: AuthConfig
  private readonly now: () => number
  private readonly rereadMs: number
  private entries: PoolEntry[] = []
  private readAt = -Infinity
  private readonly services = new Map<string, CredentialService>()
  // Index changes are read-modify-write: one at a time, so two sign-ins cannot drop each other.
  private queue: Promise<unknown> = Promise.resolve()

  constructor(options: AccountPoolOptions) {
    this.store = options.store
    this.config = options.config
    this.now = options.now ?? Date.now
    this.rereadMs = options.rereadMs ?? 5_000
  }

  /** The accounts in sign-in order, read again from the store (after migrating a single-account entry). */
  accounts(): Promise<PoolAccount[]> {
    return this.serial(async () => this.withServices(await this.readIndex()))
  }

  /** For the request path: the last index read, looked at again when old or empty. */
  async current(): Promise<PoolAccount[]> {
    if (this.entries.length > 0 && this.now() - this.readAt < this.rereadMs)
      return this.withServices(this.entries)
    return this.accounts()
  }

  /** What is known without I/O (the last read), for synchronous views. */
  known(): PoolAccount[] {
    return this.withServices(this.entries)
  }

  credentialsFor(id: string): CredentialService {
    let service = this.services.get(id)
    if (!service) {
      service = new CredentialService({
        store: this.store,
        config: this.config,
        now: this.now,
        secretName: accountSecretName(id),
      })
      this.services.set(id, service)
    }
    return service
  }

  async statuses(): Promise<AccountStatus[]> {
    const accounts = await this.accounts()
    return Promise.all(accounts.map((a) => this.statusOf(a)))
  }

  /** An account by id or email (case-insensitive), as `logout --account` and `reserve` name them. */
  async find(ref: string): Promise<AccountStatus | undefined> {
    const wanted = ref.trim().toLowerCase()
    return (await this.statuses()).find(
      (s) => s.id.toLowerCase() === wanted || (s.email ?? '').toLowerCase() === wanted,
    )
  }

  /** Adds a finished sign-in; the same account again only renews its tokens. */
  add(tokens: StoredTokens): Promise<AddResult> {
    return this.serial(async () => {
      const entries = await this.readIndex()
      const id = accountIdOf(tokens)
      const added = !entries.some((e) => e.id === id)
      const credentials = this.credentialsFor(id)
      // Tokens first, then the index: a crash in between leaves an unlisted entry, never a listed one without tokens.
      await credentials.signIn(tokens)
      if (added) await this.writeIndex([...entries, { id, addedAt: this.now() }])
      const account = this.withServices(this.entries).find((a) => a.id === id)
      if (!account) throw new Error(`account ${id} vanished from the pool`)
      return { status: await this.statusOf(account), added }
    })
  }

  /** Signs one account out (revoking its own refresh token) and deletes its tokens. */
  remove(ref: string): Promise<RemoveResult | undefined> {
    return this.serial(async () => {
      const entries = await this.readIndex()
      const statuses = await Promise.all(this.withServices(entries).map((a) => this.statusOf(a)))
      const wanted = ref.trim().toLowerCase()
      const target = statuses.find(
        (s) => s.id.toLowerCase() === wanted || (s.email ?? '').toLowerCase() === wanted,
      )
      if (!target) return undefined
      const result = await this.credentialsFor(target.id).logout()
      await this.writeIndex(entries.filter((e) => e.id !== target.id))
      this.services.delete(target.id)
      return { id: target.id, email: target.email, ...result }
    })
  }

  /** Plain `logout`: every account. */
  async removeAll(): Promise<RemoveResult[]> {
    const out: RemoveResult[] = []
    for (const account of await this.accounts()) {
      const r = await this.remove(account.id)
      if (r) out.push(r)
    }
    return out
  }

  /** Single-account view for callers that show one sign-in: the first account, or signed out. */
  async status(): Promise<CredentialStatus> {
    const first = (await this.accounts())[0]
    if (first) return first.credentials.status()
    return new CredentialService({
      store: this.store,
      config: this.config,
      secretName: accountSecretName(UNKNOWN_ACCOUNT),
    }).status()
  }

  /** The first account's credentials (model listing and connection tests need any signed-in account). */
  async getCredentials(): Promise<AccessCredentials> {
    const first = (await this.current())[0]
    if (!first) return this.credentialsFor(UNKNOWN_ACCOUNT).getCredentials()
    return first.credentials.getCredentials()
  }

  startBrowserLogin(
    options: Omit<BrowserLoginOptions, 'config' | 'persist'>,
  ): Promise<BrowserLogin> {
    return startBrowserLogin({
      ...options,
      config: this.config,
      persist: async (t) => void (await this.add(t)),
    })
  }

  /** Resolves with the account that signed in. */
  async loginWithDeviceCode(
    options: Omit<DeviceLoginOptions, 'config' | 'persist'>,
  ): Promise<AccountStatus> {
    let result: AddResult | undefined
    await loginWithDeviceCode({
      ...options,
      config: this.config,
      persist: async (t) => {
        result = await this.add(t)
      },
    })
    if (!result) throw new Error('the device login finished without tokens')
    return result.status
  }

  /** The Codex CLI's login joins the pool as one account that shares auth.json (see codex-link.ts). */
  async importCodexLogin(
    options: { path?: string; env?: NodeJS.ProcessEnv } = {},
  ): Promise<AddResult> {
    const path = options.path ?? defaultCodexAuthPath(options.env)
    return this.add(await tokensFromCodexFile(path))
  }

  private async statusOf(account: PoolAccount): Promise<AccountStatus> {
    const status = await account.credentials.status()
    return { ...status, id: account.id, addedAt: account.addedAt }
  }

  private withServices(entries: PoolEntry[]): PoolAccount[] {
    return entries.map((e) => ({ ...e, credentials: this.credentialsFor(e.id) }))
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.catch(() => undefined).then(work)
    this.queue = next
    return next
  }

  private async readIndex(): Promise<PoolEntry[]> {
    const stored = parseIndex(await this.store.get(ACCOUNTS_SECRET))
    let entries = stored ?? []
    const legacy = parseStoredTokens(await this.store.get(TOKENS_SECRET))
    if (legacy !== null) entries = await this.migrate(legacy, entries)
    else if (stored === null && entries.length === 0) {
      this.entries = []
      this.readAt = this.now()
      return []
    }
    this.entries = entries
    this.readAt = this.now()
    return entries
  }

  /**
   * The single entry of earlier versions becomes one account; an older Switchboard that is still running may
   * write it again with rotated tokens, so the newer of the two copies wins. The old entry goes last.
   */
  private async migrate(legacy: StoredTokens, entries: PoolEntry[]): Promise<PoolEntry[]> {
    const id = accountIdOf(legacy)
    const name = accountSecretName(id)
    const existing = parseStoredTokens(await this.store.get(name))
    if (existing === null || existing.last_refresh < legacy.last_refresh)
      await this.store.set(name, serializeTokens(legacy))
    const next = entries.some((e) => e.id === id)
      ? entries
      : [...entries, { id, addedAt: legacy.last_refresh || this.now() }]
    if (next !== entries) await this.writeIndex(next)
    await this.store.delete(TOKENS_SECRET)
    return next
  }

  private async writeIndex(entries: PoolEntry[]): Promise<void> {
    await this.store.set(ACCOUNTS_SECRET, JSON.stringify({ version: 1, accounts: entries }))
    this.entries = entries
    this.readAt = this.now()
  }
}
