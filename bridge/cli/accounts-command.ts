// `switchboard accounts [--json]`: the ChatGPT accounts in the pool with their state, usage and forecast.
import { describeAccount, describePool, poolViews } from '../host/account-view.js'
import type { AccountView } from '../control/contract/accounts.js'
import { readUsage } from '../host/usage-file.js'
import { orderAccounts, type AccountsSettings } from '../upstream/chatgpt/account-choice.js'
import { authCommand, type AuthContext } from './auth-context.js'

/**
 * The accounts in serving order (the chatgpt provider's `accounts.order` first), with what the gateway last saw,
 * marked as the control API marks them: which one new conversations go to, and the reserve.
 */
export async function accountViews(ctx: AuthContext, now = Date.now()): Promise<AccountView[]> {
  const statuses = await ctx.accounts.statuses()
  const usage = await readUsage(ctx.dir)
  const settings = poolSettings(ctx)
  // A usage file from before the pool holds the one account's figures: they are the first account's.
  const first = orderAccounts(statuses, settings?.order)[0]?.id
  return poolViews(
    statuses,
    (id) => usage[id] ?? (id === first ? usage[''] : undefined),
    settings,
    now,
  )
}

function poolSettings(ctx: AuthContext): AccountsSettings | undefined {
  return ctx.settings.providers.find((p) => p.kind === 'chatgpt')?.accounts
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
  lines.push(...describePool(views, poolSettings(ctx)))
  process.stdout.write(lines.join('\n') + '\n')
  return 0
}
