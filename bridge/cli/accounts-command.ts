// `switchboard accounts [--json]`: the ChatGPT accounts in the pool with their state, usage and forecast.
import { accountView, describeAccount } from '../host/account-view.js'
import type { AccountView } from '../control/contract/accounts.js'
import { readUsage } from '../host/usage-file.js'
import { orderAccounts } from '../upstream/chatgpt/account-choice.js'
import { authCommand, type AuthContext } from './auth-context.js'

/** The accounts in serving order (the chatgpt provider's `accounts.order` first), with what the gateway last saw. */
export async function accountViews(ctx: AuthContext, now = Date.now()): Promise<AccountView[]> {
  const statuses = await ctx.accounts.statuses()
  const usage = await readUsage(ctx.dir)
  const provider = ctx.settings.providers.find((p) => p.kind === 'chatgpt')
  const ordered = orderAccounts(statuses, provider?.accounts?.order)
  return ordered.map((s, i) =>
    // A usage file from before the pool holds the one account's figures.
    accountView(s, usage[s.id] ?? (i === 0 ? usage[''] : undefined), now),
  )
}

export async function runAccounts(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, ctx } = await authCommand(argv, env, { json: { type: 'boolean' } })
  const views = await accountViews(ctx)
  if (values.json) {
    process.stdout.write(JSON.stringify(views, null, 2) + '\n')
    return 0
  }
  if (views.length === 0) {
    process.stdout.write('No ChatGPT account is signed in. Run `switchboard login` to add one.\n')
    return 0
  }
  const lines = [`ChatGPT accounts (${views.length}, in serving order):`]
  for (const v of views) lines.push(...describeAccount(v))
  process.stdout.write(lines.join('\n') + '\n')
  return 0
}
