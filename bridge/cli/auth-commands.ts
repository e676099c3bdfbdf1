// `switchboard login|logout|status`: ChatGPT sign-in from the terminal, and what the gateway would use.
import { unlink } from 'node:fs/promises'
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { defaultProxyTokensPath, readProxyTokens } from '../auth/index.js'
import { authContext } from './auth-context.js'
import { describeUsage, readUsage } from '../host/usage-file.js'
import { openBrowser } from './open-browser.js'

const LOGIN_OPTIONS = {
  config: { type: 'string' },
  'secret-store': { type: 'string' },
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
  const { values } = parseArgs({ args: argv, options: LOGIN_OPTIONS, strict: true })
  const ctx = await authContext(
    {
      ...(values.config ? { config: values.config } : {}),
      ...(values['secret-store'] ? { secretStore: values['secret-store'] } : {}),
    },
    env,
  )
  const out = process.stdout
  if (values['import-proxy']) {
    const path = values['proxy-tokens'] ?? defaultProxyTokensPath(env['HOME'] || undefined)
    const status = await ctx.credentials.signIn(await readProxyTokens(path))
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
    const status = await ctx.credentials.importCodexLogin(
      values['codex-auth'] ? { path: values['codex-auth'], env } : { env },
    )
    out.write(`${status.message}\n`)
    return status.signedIn ? 0 : 1
  }
  if (values.device) {
    await ctx.credentials.loginWithDeviceCode({
      onUserCode: (p) =>
        out.write(
          `Open ${p.verificationUrl} and enter the code ${p.userCode} (valid until ${new Date(p.expiresAt).toLocaleTimeString()}).\nWaiting…\n`,
        ),
    })
  } else {
    const login = await ctx.credentials.startBrowserLogin({
      ...(values['no-browser'] ? {} : { openBrowser }),
      onAuthorizeUrl: (url) =>
        out.write(
          `Sign in with ChatGPT in your browser. If it did not open, copy this URL:\n\n  ${url}\n\nWaiting for the sign-in to finish (Ctrl-C cancels)…\n`,
        ),
    })
    process.once('SIGINT', () => login.cancel())
    await login.result
  }
  const status = await ctx.credentials.status()
  out.write(
    `${status.message}\nTokens are kept in the ${ctx.secrets.kind === 'keychain' ? 'OS keychain' : `secret store (${ctx.secrets.kind})`}.\n`,
  )
  return status.signedIn ? 0 : 1
}

export async function runLogout(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string' }, 'secret-store': { type: 'string' } },
    strict: true,
  })
  const ctx = await authContext(
    {
      ...(values.config ? { config: values.config } : {}),
      ...(values['secret-store'] ? { secretStore: values['secret-store'] } : {}),
    },
    env,
  )
  const result = await ctx.credentials.logout()
  process.stdout.write(
    result.deleted
      ? `Signed out${result.revoked ? ' and revoked the refresh token' : ''}${result.mode === 'codex-linked' ? ' (the Codex CLI stays signed in)' : ''}.\n`
      : 'Not signed in.\n',
  )
  return 0
}

export async function runStatus(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      'secret-store': { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  })
  const ctx = await authContext(
    {
      ...(values.config ? { config: values.config } : {}),
      ...(values['secret-store'] ? { secretStore: values['secret-store'] } : {}),
    },
    env,
  )
  const status = await ctx.credentials.status()
  const s = ctx.settings
  if (values.json) {
    process.stdout.write(
      JSON.stringify(
        {
          settings: ctx.path,
          server: s.server,
          defaultProvider: s.defaultProvider,
          chatgpt: status,
          usage: (await readUsage(ctx.dir)) ?? null,
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
  if (status.signedIn) {
    lines.push(
      `  email:           ${status.email ?? '?'}`,
      `  plan:            ${status.plan ?? '?'}`,
      `  account id:      ${status.accountId ?? '?'}`,
    )
    if (status.expiresAt)
      lines.push(`  token expires:   ${new Date(status.expiresAt).toISOString()}`)
    const usage = await readUsage(ctx.dir)
    if (usage) lines.push(...describeUsage(usage))
    else
      lines.push(
        '  usage:           not seen yet (shown after the first request through `switchboard serve`)',
      )
  }
  process.stdout.write(lines.join('\n') + '\n')
  return 0
}
