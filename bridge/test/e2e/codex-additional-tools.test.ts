// The real Codex CLI on gpt-6-sol (all of its tools in one `additional_tools` input item) through Switchboard's
// /v1/responses to the fake ChatGPT backend: the item reaches the backend as Codex sent it and the turn completes;
// the backend's call to a tool of another namespace (`clock`'s `sleep`) reaches Codex naming it, so Codex runs it.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isObj, objs } from '../fakes/json-guards.js'
import { makeCodexHome, runCodex, type CodexSandbox } from '../upstream/codex-cli/harness.js'
import type { AuthHarness } from '../auth/auth-harness.js'
import type { FakeCodexBackend } from '../fakes/fake-codex-backend.js'
import { fakeUsage, startPoolHost, type PoolHost, startPoolBackend } from './chatgpt-pool.js'

const ADA = { email: 'ada@example.com', accountId: '11111111-2222-4333-8444-555555555555' }

let auth: AuthHarness
let backend: FakeCodexBackend
let gw: PoolHost
let box: CodexSandbox | undefined

beforeAll(async () => {
  ;({ auth, backend } = await startPoolBackend([ADA]))
  backend.setUsage(fakeUsage(10))
  gw = await startPoolHost(auth, backend)
}, 60_000)

afterAll(async () => {
  await gw.host.close()
  await backend.close()
  await auth.close()
  if (box) rmSync(box.home, { recursive: true, force: true })
})

describe('Codex CLI on gpt-6-sol through Switchboard to the ChatGPT backend', () => {
  it('its additional_tools item reaches the backend unchanged and the turn completes', async () => {
    box = makeCodexHome({ url: `${gw.url}/v1` })
    const run = await runCodex(
      box,
      ['exec', '--skip-git-repo-check', '-m', 'gpt-6-sol', 'say hi'],
      { SB_FAKE_KEY: gw.key },
      90_000,
    )
    expect(run.code, run.stderr.slice(-3000)).toBe(0)
    expect(run.stderr).not.toContain('additional_tools')

    const turns = backend.requests.filter((r) => r.path.endsWith('/responses'))
    expect(turns.length).toBeGreaterThan(0)
    const first = turns[0]?.body
    if (!isObj(first)) throw new Error('no JSON body reached the backend')
    expect(first['model']).toBe('gpt-6-sol')
    // Codex sends no `tools` on gpt-6; Switchboard adds none.
    expect(first['tools']).toBeUndefined()
    const items = objs(first['input'])
    const extra = items.filter((i) => i['type'] === 'additional_tools')
    expect(extra).toHaveLength(1)
    // Kept as Codex sent it, its own id (at_…) included; the developer prompt goes first as for every model.
    expect(Object.keys(extra[0] ?? {})).toEqual(['type', 'id', 'role', 'tools'])
    expect(extra[0]?.['id']).toMatch(/^at_/)
    expect(items.indexOf(extra[0] ?? {})).toBe(1)
    const namespaces = objs(extra[0]?.['tools']).map((t) => [t['type'], t['name']])
    expect(namespaces).toEqual([
      ['namespace', 'functions'],
      ['namespace', 'clock'],
      ['namespace', 'collaboration'],
    ])
    expect(JSON.stringify(extra[0])).toContain('"type":"custom","name":"exec"')
    // The backend offered the default namespace's functions, so its first answer was a tool call that Codex ran
    // and answered; the turn ended on the text after it.
    const last = turns.at(-1)?.body
    const outputs = objs(isObj(last) ? last['input'] : []).filter(
      (i) => i['type'] === 'function_call_output',
    )
    expect(outputs.length).toBeGreaterThan(0)
    expect(run.stdout).toContain('done:')
    expect(gw.host.log.snapshot().every((e) => e.status === 200)).toBe(true)
  }, 120_000)

  it("runs the backend's call to clock's sleep: the namespace on the call item reaches Codex", async () => {
    backend.callTool('sleep')
    const before = backend.responseRequests().length
    box ??= makeCodexHome({ url: `${gw.url}/v1` })
    const run = await runCodex(
      box,
      ['exec', '--skip-git-repo-check', '-m', 'gpt-6-sol', 'sleep a moment'],
      { SB_FAKE_KEY: gw.key },
      90_000,
    )
    backend.callTool(undefined)
    expect(run.code, run.stderr.slice(-3000)).toBe(0)
    const turns = backend.responseRequests().slice(before)
    const last = turns.at(-1)?.body
    const input = objs(isObj(last) ? last['input'] : [])
    // Codex echoes the call as it got it and answers it; without the namespace: "unsupported call: sleep".
    expect(input.find((i) => i['type'] === 'function_call')).toMatchObject({
      name: 'sleep',
      namespace: 'clock',
    })
    const output = input.find((i) => i['type'] === 'function_call_output')
    expect(JSON.stringify(output)).not.toContain('unsupported call')
    expect(JSON.stringify(output)).toContain('Sleep completed.')
  }, 120_000)
})
