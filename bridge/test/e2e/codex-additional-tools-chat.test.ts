// The real Codex CLI on gpt-6-sol through Switchboard to a Chat upstream: the tools of its `additional_tools` item
// reach the model as functions; a call to its freeform `exec` goes back to Codex as a custom tool call it runs, and a
// call to a tool of another namespace (`clock`'s `sleep`) names that namespace, by which Codex finds the tool.
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { Settings } from '../../config/schema.js'
import { startFakeChat, type FakeServer } from '../fakes/index.js'
import { isObj, objs, str } from '../fakes/json-guards.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'
import { makeCodexHome, runCodex, type CodexRun } from '../upstream/codex-cli/harness.js'

let fake: FakeServer | undefined
let gw: RunningGateway | undefined
let home: string | undefined

afterEach(async () => {
  await gw?.close()
  await fake?.close()
  if (home) rmSync(home, { recursive: true, force: true })
})

/** One `codex exec` turn; the fake model calls `tool` when given (scenario `call-<tool>`), else its usual pick. */
async function turn(tool?: string): Promise<{ run: CodexRun; bodies: Record<string, unknown>[] }> {
  const upstream = await startFakeChat()
  fake = upstream
  const route = (s: Settings): void => {
    if (tool)
      s.routing.rules.push({ match: 'gpt-6-sol', provider: 'up', model: `gpt-6-sol-call-${tool}` })
  }
  gw = await startGateway(settingsFor('openai-chat', upstream, route))
  const box = makeCodexHome({ url: `${gw.url}/v1` })
  home = box.home
  const run = await runCodex(
    box,
    ['exec', '--skip-git-repo-check', '-m', 'gpt-6-sol', 'say hi'],
    { SB_FAKE_KEY: ACCESS_KEY },
    90_000,
  )
  expect(run.code, run.stderr.slice(-3000)).toBe(0)
  return { run, bodies: upstream.requests.map((r) => (isObj(r.body) ? r.body : {})) }
}

/** The second request's last two messages: the model's call, and the result Codex sent for it. */
function callAndResult(second: Record<string, unknown> | undefined): [string | undefined, string] {
  const messages = objs(second?.['messages'])
  const call = objs(messages.at(-2)?.['tool_calls'])[0]
  const name = isObj(call?.['function']) ? str(call['function']['name']) : undefined
  return [name, str(messages.at(-1)?.['content']) ?? '']
}

describe('Codex CLI on gpt-6-sol through Switchboard to a Chat upstream', () => {
  it('offers its tools, and Codex runs the exec call the model made', async () => {
    const { run, bodies } = await turn()
    const [first, second] = bodies
    const names = objs(first?.['tools']).map((t) =>
      isObj(t['function']) ? str(t['function']['name']) : undefined,
    )
    expect(names).toEqual(expect.arrayContaining(['exec', 'wait', 'sleep', 'spawn_agent']))
    // The fake model called exec (first tool) with {"input": …}; Codex got a custom_tool_call and ran the
    // input (fake-input, not the JSON wrapper) as a script in its JavaScript isolate: its error is the result.
    const [name, result] = callAndResult(second)
    expect(name).toBe('exec')
    expect(result).toContain('ReferenceError: fake is not defined')
    expect(run.stdout).toContain('done:')
  }, 120_000)

  it('runs a call to a tool of its clock namespace: sleep', async () => {
    const { run, bodies } = await turn('sleep')
    // Without the namespace on the function_call, Codex answers "unsupported call: sleep".
    const [name, result] = callAndResult(bodies[1])
    expect(name).toBe('sleep')
    expect(result).not.toContain('unsupported call')
    expect(result).toContain('Sleep completed.')
    expect(run.stdout).toContain('done: Wall time:')
  }, 120_000)
})
