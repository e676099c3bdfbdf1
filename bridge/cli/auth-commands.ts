// `switchboard login|logout|status`: ChatGPT sign-in from the terminal (each login adds an account to the pool),
// and what the gateway would use.
import { unlink } from 'node:fs/promises'
import { createInterface } from 'node:readline/promises'
import { accountIdOf, defaultProxyTokensPath, readProxyTokens } from '../auth/index.js'
import type { AddResult } from '../auth/index.js'
import { authCommand, type AuthContext } from './auth-context.js'
import { accountViews } from './accounts-command.js'
import { describeAccount } from '../host/account-view.js'
import { openBrowser } from './open-browser.js'

const LOGIN_OPTIONS = {
  device: { type: 'boolean' },
  'import-codex': { type: 'boolean' },
  'codex-auth': { type: 'string' },
  'no-browser': { type: 'boolean' },
  'import-proxy': { type: 'boolean' },
  'proxy-tokens': { type: 'string' },
  'delete-proxy-tokens': { type: 'boolean' },
  'keep-proxy-tokens': { type: 'boolean' },
} as const

export async function runLogin(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, ctx } = await authCommand(argv, env, LOGIN_OPTIONS)
  const out = process.stdout
  if (values['import-proxy']) {
    const path = values['proxy-tokens'] ?? defaultProxyTokensPath(env['HOME'] || undefined)
    const { status } = await ctx.accounts.add(await readProxyTokens(path))
    out.write(
      `${status.message}\nImported chatgpt-codex-proxy's sign-in from ${path} into the ${ctx.secrets.kind === 'keychain' ? 'OS keychain' : `secret store (${ctx.secrets.kind})`}.\n`,
    )
    if (!status.signedIn) return 1
    // The plain file now holds tokens Switchboard will rotate: offered for deletion, never deleted unasked.
    let remove = values['delete-proxy-tokens'] === true
    if (!remove && values['keep-proxy-tokens'] !== true && process.stdin.isTTY) {
      const rl = createInterface({ input: process.stdin, output: process.stdout })
      remove = /^y(es)?$/i.test(
        (await rl.question(`Delete the plain-text copy ${path} now? [y/N] `)).trim(),
      )
      rl.close()
    }
    if (remove) {
      await unlink(path)
      out.write(`Deleted ${path}.\n`)
    } else if (values['keep-proxy-tokens'] !== true) {
      out.write(
        `${path} still holds your tokens in plain text; delete it (rm ${path}) or run this again with --delete-proxy-tokens.\n`,
      )
    }
    return 0
  }
  if (values['import-codex']) {
    const result = await ctx.accounts.importCodexLogin(
      values['codex-auth'] ? { path: values['codex-auth'], env } : { env },
    )
    out.write(`${result.status.message}\n${await poolLine(ctx.accounts, result)}\n`)
    return result.status.signedIn ? 0 : 1
  }
  let accountId: string
  if (values.device) {
    const status = await ctx.accounts.loginWithDeviceCode({
      onUserCode: (p) =>
        out.write(
          `Open ${p.verificationUrl} and enter the code ${p.userCode} (valid until ${new Date(p.expiresAt).toLocaleTimeString()}).\nWaiting…\n`,
        ),
    })
    accountId = status.id
  } else {
    const login = await ctx.accounts.startBrowserLogin({
      ...(values['no-browser'] ? {} : { openBrowser }),
      onAuthorizeUrl: (url) =>
        out.write(
          `Sign in with ChatGPT in your browser. If it did not open, copy this URL:\n\n  ${url}\n\nWaiting for the sign-in to finish (Ctrl-C cancels)…\n`,
        ),
    })
    process.once('SIGINT', () => login.cancel())
    accountId = accountIdOf(await login.result)
  }
  const status = (await ctx.accounts.statuses()).find((s) => s.id === accountId)
  if (!status) return 1
  out.write(
    `${status.message}\n${await poolLine(ctx.accounts, { status, added: true })}\nTokens are kept in the ${ctx.secrets.kind === 'keychain' ? 'OS keychain' : `secret store (${ctx.secrets.kind})`}.\n`,
  )
  return status.signedIn ? 0 : 1
}

/** "ChatGPT accounts: 2 (ada@example.com, bob@example.com)". */
async function poolLine(pool: AuthContextPool, result: AddResult): Promise<string> {
  const all = await pool.statuses()
  const names = all.map((s) => s.email ?? s.id).join(', ')
  return `ChatGPT accounts: ${all.length} (${names}); ${result.status.email ?? result.status.id} ${all.length > 1 ? 'is in the pool' : 'serves every request'}.`
}

type AuthContextPool = AuthContext['accounts']

export async function runLogout(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, ctx } = await authCommand(argv, env, { account: { type: 'string' } })
  const ref = values.account
  if (ref !== undefined) {
    const removed = await ctx.accounts.remove(ref)
    if (!removed) {
      const known = (await ctx.accounts.statuses()).map((s) => s.email ?? s.id)
      process.stderr.write(
        `switchboard: no signed-in account '${ref}' (accounts: ${known.length > 0 ? known.join(', ') : 'none'}).\n`,
      )
      return 1
    }
    process.stdout.write(`${signedOutLine(removed)}\n`)
    return 0
  }
  const results = await ctx.accounts.removeAll()
  process.stdout.write(
    results.length > 0 ? `${results.map(signedOutLine).join('\n')}\n` : 'Not signed in.\n',
  )
  return 0
}

function signedOutLine(r: {
  id: string
  email: string | null
  revoked: boolean
  mode: string | null
}): string {
  return `Signed out ${r.email ?? r.id}${r.revoked ? ' and revoked its refresh token' : ''}${r.mode === 'codex-linked' ? ' (the Codex CLI stays signed in)' : ''}.`
}

export async function runStatus(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, ctx } = await authCommand(argv, env, { json: { type: 'boolean' } })
  const status = await ctx.accounts.status()
  const accounts = await accountViews(ctx)
  const s = ctx.settings
  if (values.json) {
    process.stdout.write(
      JSON.stringify(
        {
          settings: ctx.path,
          server: s.server,
          defaultProvider: s.defaultProvider,
          chatgpt: status,
          accounts,
          usage: accounts[0]?.usage ?? null,
        },
        null,
        2,
      ) + '\n',
    )
    return 0
  }
  const lines = [
    `settings:          ${ctx.path}`,
    `gateway:           http://${s.server.host}:${s.server.port}  (default provider: ${s.defaultProvider})`,
    `providers:         ${s.providers.map((p) => `${p.id} (${p.kind})`).join(', ')}`,
    `ChatGPT:           ${status.message}`,
  ]
  if (accounts.length > 0) {
    lines.push(`ChatGPT accounts:  ${accounts.length}`)
    for (const a of accounts) lines.push(...describeAccount(a))
  }
  process.stdout.write(lines.join('\n') + '\n')
  return 0
}
