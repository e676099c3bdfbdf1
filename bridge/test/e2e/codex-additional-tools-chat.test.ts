// The real Codex CLI on gpt-6-sol through Switchboard to a Chat upstream: the tools of its `additional_tools` item
// reach the model as functions, and a call to its freeform `exec` goes back to Codex as a custom tool call it runs.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeChat, type FakeServer } from '../fakes/index.js'
import { isObj, objs, str } from '../fakes/json-guards.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'
import { makeCodexHome, runCodex, type CodexSandbox } from '../upstream/codex-cli/harness.js'

let fake: FakeServer
let gw: RunningGateway
let box: CodexSandbox | undefined

beforeAll(async () => {
  fake = await startFakeChat()
  gw = await startGateway(settingsFor('openai-chat', fake))
}, 60_000)

afterAll(async () => {
  await gw.close()
  await fake.close()
  if (box) rmSync(box.home, { recursive: true, force: true })
})

describe('Codex CLI on gpt-6-sol through Switchboard to a Chat upstream', () => {
  it('offers its tools, and Codex runs the exec call the model made', async () => {
    box = makeCodexHome({ url: `${gw.url}/v1` })
    const run = await runCodex(
      box,
      ['exec', '--skip-git-repo-check', '-m', 'gpt-6-sol', 'say hi'],
      { SB_FAKE_KEY: ACCESS_KEY },
      90_000,
    )
    expect(run.code, run.stderr.slice(-3000)).toBe(0)
    const [first, second] = fake.requests.map((r) => (isObj(r.body) ? r.body : {}))
    const names = objs(first?.['tools']).map((t) =>
      isObj(t['function']) ? str(t['function']['name']) : undefined,
    )
    expect(names).toEqual(expect.arrayContaining(['exec', 'wait', 'sleep', 'spawn_agent']))
    // The fake model called exec (first tool) with {"input": …}; Codex got a custom_tool_call and ran the
    // input (fake-input, not the JSON wrapper) as a script in its JavaScript isolate: its error is the result.
    const messages = objs(second?.['messages'])
    const call = objs(messages.at(-2)?.['tool_calls'])[0]
    expect(isObj(call?.['function']) && call['function']['name']).toBe('exec')
    expect(str(messages.at(-1)?.['content'])).toContain('ReferenceError: fake is not defined')
    expect(run.stdout).toContain('done:')
  }, 120_000)
})
