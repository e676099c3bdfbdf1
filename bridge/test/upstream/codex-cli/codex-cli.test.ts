// The codex-cli provider against the real Codex CLI binary, with the fake Responses upstream as Codex's model.
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BridgeError } from '../../../errors.js'
import { accumulate } from '../../../protocol/canonical/accumulate.js'
import { statusForKind } from '../../../protocol/canonical/errors.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import { CodexCliRuntime } from '../../../upstream/codex-cli/index.js'
import { registerThreadRoutes } from '../../../upstream/codex-cli/routes.js'
import { startFakeResponses } from '../../fakes/fake-responses.js'
import type { FakeServer } from '../../fakes/http-harness.js'
import { collect, makeCodexHome, processesWithHome, provider, request, textOf } from './harness.js'
import type { CodexSandbox } from './harness.js'

let fake: FakeServer
let box: CodexSandbox
let runtime: CodexCliRuntime

beforeAll(async () => {
  fake = await startFakeResponses()
  box = makeCodexHome(fake)
  runtime = new CodexCliRuntime({ env: { HOME: box.home, SB_FAKE_KEY: fake.apiKey } })
})

afterAll(async () => {
  await runtime.dispose()
  await fake.close()
})

const run = (
  id: string,
  text: string,
  opts: {
    threadId?: string
    model?: string
    codex?: Parameters<typeof provider>[2]
    signal?: AbortSignal
    onThread?: (id: string) => void
    onProcess?: (pid: number) => void
  } = {},
) =>
  runtime.run(provider(box, id, opts.codex), request(text), {
    signal: opts.signal ?? new AbortController().signal,
    model: opts.model ?? 'gpt-5',
    ...(opts.threadId === undefined ? {} : { threadId: opts.threadId }),
    ...(opts.onThread ? { onThread: opts.onThread } : {}),
    ...(opts.onProcess ? { onProcess: opts.onProcess } : {}),
  })

async function rejection(p: Promise<unknown>): Promise<BridgeError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(BridgeError)
  return err as BridgeError
}

function lastInputText(): string {
  return JSON.stringify(fake.requests.at(-1)?.body ?? {})
}

describe('codex-cli provider (real Codex CLI → fake Responses model)', () => {
  it('streams the agent answer as text and its reasoning as summary reasoning, without command noise', async () => {
    let thread: string | undefined
    const events = await collect(
      run('p-stream', 'please say hi', { onThread: (id) => (thread = id) }),
    )
    const types = events.map((e) => e.type)
    expect(types[0]).toBe('message_start')
    expect(types.at(-1)).toBe('message_stop')
    expect(thread).toMatch(/^[0-9a-f-]{36}$/)
    // The fake calls the shell tool first; Codex runs it and the fake answers "done: <tool output>".
    const text = textOf(events)
    expect(text.startsWith('done: ')).toBe(true)
    expect(text).not.toContain('/bin/bash')
    expect(text).not.toContain('echo hi')
    const reasoningStarts = events.filter(
      (e) => e.type === 'block_start' && e.block.kind === 'reasoning',
    )
    expect(reasoningStarts[0]).toEqual(
      expect.objectContaining({ block: { kind: 'reasoning', channel: 'summary' } }),
    )
    const reasoning = events.map((e) => (e.type === 'reasoning_delta' ? e.text : '')).join('')
    expect(reasoning).toContain('Thinking about the request.')
    const usage = events.find(
      (e): e is Extract<CanonicalEvent, { type: 'usage' }> => e.type === 'usage',
    )
    expect(usage?.usage.inputTokens).toBeGreaterThan(0)
    expect(lastInputText()).toContain('please say hi')
  })

  it('answers a non-streaming request: the collected events accumulate into one response', async () => {
    const events = await collect(
      runtime.run(provider(box, 'p-json'), request('plain answer please', false), {
        signal: new AbortController().signal,
        model: 'gpt-5',
      }),
    )
    const result = accumulate(events)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const texts = result.response.content.flatMap((p) => (p.type === 'text' ? [p.text] : []))
    expect(texts.join('')).toMatch(/^done: /)
    expect(result.response.stopReason).toBe('end_turn')
  })

  it('continues a conversation: the second turn resumes the thread and Codex sends the first turn upstream', async () => {
    let thread = ''
    await collect(run('p-thread', 'first question alpha', { onThread: (id) => (thread = id) }))
    expect(thread).not.toBe('')
    let second = ''
    const events = await collect(
      run('p-thread', 'second question beta', {
        threadId: thread,
        onThread: (id) => (second = id),
      }),
    )
    expect(second).toBe(thread)
    expect(textOf(events)).toMatch(/^done: /)
    const upstream = lastInputText()
    expect(upstream).toContain('first question alpha')
    expect(upstream).toContain('second question beta')
    const detail = runtime.thread(thread)
    expect(detail?.turns.map((t) => t.role)).toEqual(['user', 'assistant', 'user', 'assistant'])
    expect(detail?.turns[0]?.text).toBe('first question alpha')

    const app = Fastify()
    registerThreadRoutes(app, runtime)
    const list = await app.inject({ method: 'GET', url: '/v1/threads' })
    expect(list.json<{ object: string; data: { id: string }[] }>().data.map((t) => t.id)).toContain(
      thread,
    )
    const one = await app.inject({ method: 'GET', url: `/v1/threads/${thread}` })
    expect(one.json<{ turns: { text: string }[] }>().turns[2]?.text).toBe('second question beta')
    const missing = await app.inject({ method: 'GET', url: '/v1/threads/nope' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json<{ error: { type: string; code: string } }>().error).toEqual(
      expect.objectContaining({ type: 'invalid_request_error', code: 'thread_not_found' }),
    )
    await app.close()
  })

  it('falls back to codex exec --json when asked, and resumes with exec resume', async () => {
    let thread = ''
    const first = await collect(
      run('p-exec', 'exec question gamma', {
        codex: { transport: 'exec' },
        onThread: (id) => (thread = id),
      }),
    )
    expect(textOf(first)).toMatch(/^done: /)
    expect(thread).not.toBe('')
    await collect(
      run('p-exec', 'exec follow-up delta', { codex: { transport: 'exec' }, threadId: thread }),
    )
    expect(lastInputText()).toContain('exec question gamma')
    expect(lastInputText()).toContain('exec follow-up delta')
  })

  it('lists the models the CLI reports', async () => {
    const models = await runtime.models(provider(box, 'p-models'))
    expect(models.length).toBeGreaterThan(0)
    expect(models.every((m) => typeof m === 'string' && m !== '')).toBe(true)
  })

  it('refuses danger-full-access without the explicit setting, and a missing working directory, with a 400', async () => {
    const danger = await rejection(
      collect(run('p-bad', 'x', { codex: { sandbox: 'danger-full-access' } })),
    )
    expect(danger.error.status ?? statusForKind(danger.error.kind)).toBe(400)
    expect(danger.message).toContain('allowDangerFullAccess')
    const missing = await rejection(
      collect(run('p-bad', 'x', { codex: { workingDirectory: `${box.home}/does-not-exist` } })),
    )
    expect(missing.error.status).toBe(400)
    expect(missing.message).toContain('does-not-exist')
  })

  it('stops a turn past codex.timeoutMs with a 504 and leaves no process behind', async () => {
    const err = await rejection(
      collect(
        run('p-timeout', 'wait forever', { model: 'gpt-5-stall', codex: { timeoutMs: 1000 } }),
      ),
    )
    expect(err.error.kind).toBe('timeout')
    expect(err.error.status).toBe(504)
    expect(runtime.running('p-timeout')).toBe(0)
    expect(processesWithHome(box.codexHome)).toEqual([])
  })

  it('answers 503 with retry-after past the process cap, and an abort frees the slot', async () => {
    const ac = new AbortController()
    const held = collect(
      run('p-cap', 'hold the slot', {
        model: 'gpt-5-stall',
        codex: { maxProcesses: 1 },
        signal: ac.signal,
      }),
    )
    while (runtime.running('p-cap') === 0) await new Promise((r) => setTimeout(r, 20))
    const err = await rejection(
      collect(run('p-cap', 'one too many', { codex: { maxProcesses: 1 } })),
    )
    expect(err.error.kind).toBe('overloaded')
    expect(err.error.status).toBe(503)
    expect(Number(err.headers['retry-after'])).toBeGreaterThan(0)
    ac.abort()
    expect(await held).toEqual([])
    expect(runtime.running('p-cap')).toBe(0)
    expect(processesWithHome(box.codexHome)).toEqual([])
  })

  it('answers 429 with retry-after past codex.ratePerMinute', async () => {
    await collect(run('p-rate', 'first within the minute', { codex: { ratePerMinute: 1 } }))
    const err = await rejection(
      collect(run('p-rate', 'second within the minute', { codex: { ratePerMinute: 1 } })),
    )
    expect(err.error.status).toBe(429)
    expect(err.error.kind).toBe('rate_limit')
    expect(Number(err.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('reports a Codex process that dies mid-answer as an error event, with no orphan process', async () => {
    let pid = 0
    const it = run('p-die', 'slow answer please', {
      model: 'gpt-5-slow-300',
      onProcess: (p) => (pid = p),
    })[Symbol.asyncIterator]()
    const events: CanonicalEvent[] = []
    const first = await it.next()
    if (!first.done) events.push(first.value)
    expect(pid).toBeGreaterThan(0)
    process.kill(pid, 'SIGKILL')
    for (;;) {
      const n = await it.next()
      if (n.done) break
      events.push(n.value)
    }
    const last = events.at(-1)
    expect(last?.type).toBe('error')
    if (last?.type === 'error')
      expect(last.error.message).toMatch(/Codex process exited unexpectedly/)
    expect(processesWithHome(box.codexHome)).toEqual([])
  })
})
