// `switchboard serve|login|logout|accounts|status|snippet`: the command line, dispatching to one file per command.
import { AuthError } from './auth/index.js'
import { ConfigError } from './config/errors.js'
import { runServe } from './cli/serve.js'
import { runSnippet } from './cli/snippet.js'
import { runImport } from './cli/import-command.js'
import { runLogin, runLogout, runStatus } from './cli/auth-commands.js'
import { runAccounts } from './cli/accounts-command.js'
import { runUsage } from './cli/usage-command.js'
import { VERSION } from './server.js'

const USAGE = `Switchboard ${VERSION}: a local model gateway for Claude Code, Codex CLI and OpenAI-compatible tools.

Usage: switchboard <command> [options]

Commands:
  serve      run the gateway (switchboard serve --help for its options)
  snippet    print the setup for a client: switchboard snippet claude|codex|openai
  status     show the gateway settings and the ChatGPT sign-in
  login      sign in with ChatGPT; another account signed in this way joins the pool (--device without a browser,
             --import-codex to share the Codex CLI login, --import-proxy to bring over chatgpt-codex-proxy's tokens.json,
             --secret-store file where no keychain exists)
  accounts   list the ChatGPT accounts: state, usage windows, reset times, forecast (--json for scripts)
  import     copy codex-chat-bridge's conf.toml into the settings (switchboard import [FILE]; FILE is never changed)
  logout     sign out of ChatGPT and delete the stored tokens (--account EMAIL|ID for one account)
  usage      tokens per day, model, provider and account (--days N, default 30; --json for an array)
  help       show this text
`

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'serve':
        return await runServe(rest)
      case 'snippet':
        return await runSnippet(rest)
      case 'import':
        return await runImport(rest)
      case 'login':
        return await runLogin(rest)
      case 'logout':
        return await runLogout(rest)
      case 'status':
        return await runStatus(rest)
      case 'accounts':
        return await runAccounts(rest)
      case 'usage':
        return await runUsage(rest)
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE)
        return 0
      case '--version':
        process.stdout.write(`${VERSION}\n`)
        return 0
      default:
        process.stderr.write(`switchboard: unknown command "${command}"\n\n${USAGE}`)
        return 2
    }
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof AuthError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true
    ) {
      process.stderr.write(`switchboard: ${(err as Error).message}\n`)
      return 2
    }
    throw err
  }
}
