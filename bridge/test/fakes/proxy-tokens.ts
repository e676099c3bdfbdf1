// chatgpt-codex-proxy's sign-in as that tool keeps it: a tokens.json in its own format, in plain text under a HOME,
// for the tests of its import (the control API, and `switchboard login --import-proxy` run as a process).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { mintTokens } from './fake-issuer-tokens.js'

/** Whose sign-in the file holds. */
export const PROXY_ACCOUNT = {
  email: 'proxy@example.com',
  planType: 'pro',
  accountId: 'acc-proxy-0001',
  userId: 'user-proxy',
}

/**
 * Writes the file where the tool keeps it under `home`, holding fresh (unsigned) tokens of PROXY_ACCOUNT, or `text`
 * instead (a broken file). Returns its path and the access token, which a fake backend can be told to accept.
 */
export async function writeProxyTokens(
  home: string,
  text?: string,
): Promise<{ path: string; accessToken: string }> {
  const minted = await mintTokens(PROXY_ACCOUNT, {
    issuer: 'https://auth.example.test',
    clientId: 'app_test',
    signing: 'none',
    secret: new Uint8Array(32),
    accessTtlSeconds: 3600,
    idTtlSeconds: 3600,
  })
  // Where the tool keeps it, spelled out here rather than taken from the code under test.
  mkdirSync(join(home, '.chatgpt-codex-proxy'), { recursive: true })
  const path = join(home, '.chatgpt-codex-proxy', 'tokens.json')
  const tokens = {
    access_token: minted.access_token,
    refresh_token: minted.refresh_token,
    expires_at: minted.access_exp * 1000,
    chatgpt_account_id: PROXY_ACCOUNT.accountId,
  }
  writeFileSync(path, text ?? JSON.stringify(tokens, null, 2))
  return { path, accessToken: minted.access_token }
}
