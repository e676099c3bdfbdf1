// The model list's fallback reads Codex's config.toml under the HOME the runtime is given, never the real one.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CodexCliRuntime } from '../../../upstream/codex-cli/index.js'

describe('CodexCliRuntime.models without a usable binary', () => {
  it("falls back to the model in $HOME/.codex/config.toml of the runtime's environment", async () => {
    const home = mkdtempSync(join(tmpdir(), 'sb-codex-models-'))
    mkdirSync(join(home, '.codex'))
    writeFileSync(join(home, '.codex', 'config.toml'), 'model = "gpt-from-injected-home"\n')
    const runtime = new CodexCliRuntime({ env: { HOME: home, CODEX_HOME: undefined } })
    const models = await runtime.models({
      id: 'codex-missing',
      kind: 'codex-cli',
      baseUrl: 'codex://local',
      codex: { path: join(home, 'no-such-codex'), workingDirectory: home },
    })
    expect(models).toEqual(['gpt-from-injected-home'])
    await runtime.dispose()
  })
})
