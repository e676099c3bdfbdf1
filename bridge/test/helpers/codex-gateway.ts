// A gateway whose codex-cli provider drives the real Codex CLI (one CodexCliRuntime) in a sandbox pointed at the
// fake Responses model, on 127.0.0.1:0, for the provider's end-to-end tests; closing it ends every Codex it started.
import type { Settings } from '../../config/schema.js'
import { CodexCliRuntime, type CodexRuntimeOptions } from '../../upstream/codex-cli/index.js'
import { createProviderRegistry } from '../../upstream/registry.js'
import type { FakeServer } from '../fakes/index.js'
import type { CodexSandbox } from '../upstream/codex-cli/harness.js'
import { startGateway, type RunningGateway } from './gateway.js'

export interface CodexGateway extends RunningGateway {
  runtime: CodexCliRuntime
}

/**
 * `settings` name the sandbox's providers (harness `provider(box, id)`); Codex runs with the sandbox's HOME and the
 * fake's key in SB_FAKE_KEY (its config.toml's env_key), plus `runtime.env`; `runtime.stateDir` keeps its threads.
 */
export async function startCodexGateway(
  settings: Settings,
  box: CodexSandbox,
  fake: FakeServer,
  runtime: CodexRuntimeOptions = {},
): Promise<CodexGateway> {
  const codex = new CodexCliRuntime({
    ...runtime,
    env: { SB_FAKE_KEY: fake.apiKey, HOME: box.home, ...runtime.env },
  })
  const gateway = await startGateway(settings, {}, createProviderRegistry({ codex }))
  return {
    ...gateway,
    runtime: codex,
    close: async () => {
      await codex.dispose()
      await gateway.close()
    },
  }
}
