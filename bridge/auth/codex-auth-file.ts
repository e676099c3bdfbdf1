// The Codex CLI's $CODEX_HOME/auth.json: read for import, and rewritten (locked, atomic, 0600) when a linked login rotates tokens.
import { promises as fs } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import {
  errorCode as errnoCode,
  writeFileAtomic as writePrivateFileAtomic,
} from '../config/atomic-write.js'
import { AuthError } from './auth-errors.js'
import { parseJson } from '../protocol/canonical/read-json.js'

export interface CodexFileTokens {
  id_token: string
  access_token: string
  refresh_token: string
  account_id: string | null
  /** Epoch ms, 0 when the file has none. */
  last_refresh: number
}

export function defaultCodexAuthPath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env['CODEX_HOME']
  return join(home !== undefined && home !== '' ? home : join(homedir(), '.codex'), 'auth.json')
}

export async function readCodexAuth(path: string): Promise<CodexFileTokens> {
  const raw = await readRaw(path)
  const tokens = raw['tokens']
  if (typeof tokens !== 'object' || tokens === null) {
    const apiKey = raw['OPENAI_API_KEY']
    throw importError(
      typeof apiKey === 'string' && apiKey !== ''
        ? `${path} holds an API-key login, not a ChatGPT sign-in; there is nothing to import.`
        : `${path} holds no ChatGPT tokens; sign in with \`codex login\` or \`switchboard login\`.`,
    )
  }
  const t = tokens as Record<string, unknown>
  const id = t['id_token']
  const access = t['access_token']
  const refresh = t['refresh_token']
  if (
    typeof id !== 'string' ||
    typeof access !== 'string' ||
    typeof refresh !== 'string' ||
    refresh === ''
  ) {
    throw importError(`${path} is missing id_token, access_token or refresh_token.`)
  }
  const lastRefresh =
    typeof raw['last_refresh'] === 'string' ? Date.parse(raw['last_refresh']) : Number.NaN
  return {
    id_token: id,
    access_token: access,
    refresh_token: refresh,
    account_id:
      typeof t['account_id'] === 'string' && t['account_id'] !== '' ? t['account_id'] : null,
    last_refresh: Number.isFinite(lastRefresh) ? lastRefresh : 0,
  }
}

/** Replaces only `tokens` and `last_refresh`; every other field the Codex CLI keeps there survives. */
export async function writeCodexTokens(
  path: string,
  tokens: Omit<CodexFileTokens, 'last_refresh'>,
  lastRefresh: number,
): Promise<void> {
  const raw = await readRaw(path)
  const previous =
    typeof raw['tokens'] === 'object' && raw['tokens'] !== null
      ? (raw['tokens'] as Record<string, unknown>)
      : {}
  const next: Record<string, unknown> = {
    ...raw,
    tokens: {
      ...previous,
      id_token: tokens.id_token,
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
      account_id: tokens.account_id ?? previous['account_id'] ?? null,
    },
    last_refresh: new Date(lastRefresh).toISOString(),
  }
  await writePrivateFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`)
}

export interface FileLockOptions {
  /** Give up waiting after this long. */
  waitMs?: number
  /** A lock older than this is left over from a crash and is taken over. */
  staleMs?: number
}

/**
 * Serialises Switchboard processes (tray + headless) around read-refresh-write of one auth.json. The Codex CLI does not
 * take this lock; against it we rely on its own guarded reload plus our re-read, which leaves only a narrow race.
 */
export async function withCodexFileLock<T>(
  path: string,
  work: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const lock = `${path}.switchboard.lock`
  const waitMs = options.waitMs ?? 15_000
  const staleMs = options.staleMs ?? 60_000
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      const handle = await fs.open(lock, 'wx', 0o600)
      await handle.writeFile(String(process.pid))
      await handle.close()
      break
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error
      const age = await fs.stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      )
      if (age > staleMs) {
        await fs.rm(lock, { force: true })
        continue
      }
      if (Date.now() > deadline)
        throw new AuthError(
          'refresh_unavailable',
          `Timed out waiting for the lock ${lock}; remove it if no Switchboard is running.`,
        )
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  try {
    return await work()
  } finally {
    await fs.rm(lock, { force: true })
  }
}

async function readRaw(path: string): Promise<Record<string, unknown>> {
  let text: string
  try {
    text = await fs.readFile(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      throw importError(
        `No Codex CLI login at ${path}. The Codex CLI may keep it in the OS keyring (cli_auth_credentials_store); sign in with \`switchboard login\` instead.`,
      )
    }
    throw importError(
      `Could not read ${path}: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  let value: unknown
  try {
    value = parseJson(text)
  } catch {
    throw importError(`${path} is not valid JSON.`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw importError(`${path} is not a Codex auth file.`)
  return value as Record<string, unknown>
}

function importError(message: string): AuthError {
  return new AuthError('codex_import_failed', message)
}
