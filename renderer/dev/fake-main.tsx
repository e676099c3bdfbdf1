// Dev page: the real app on the in-memory fake backend, with generated traffic (?entries=N&live=1&theme=…).
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import type { DialectId, ExchangeEntry } from '../../bridge/control/contract/exchange.js'
import { App } from '../src/app.js'
import { createFakeClient } from '../src/test/fake-client.js'
import { frame as logged, sampleEntries, sampleSettings } from '../src/test/fixtures.js'
import '../src/styles/index.css'

const params = new URLSearchParams(window.location.search)
const count = Number(params.get('entries') ?? '240')
const MODELS: [DialectId, string, string, string][] = [
  ['anthropic-messages', 'claude-sonnet-4-5', 'gpt-5.5', '/v1/messages'],
  ['anthropic-messages', 'claude-haiku-4-5', 'gpt-5.4-mini', '/v1/messages'],
  ['openai-responses', 'gpt-5.5', 'gpt-5.5', '/v1/responses'],
  ['openai-chat', 'qwen3-coder', 'qwen/qwen3-coder', '/v1/chat/completions'],
]

function generated(n: number, now: number): ExchangeEntry[] {
  const base = sampleEntries(now)[0]
  if (!base) return []
  return Array.from({ length: n }, (_, i) => {
    const [dialect, requested, routed, path] = MODELS[i % MODELS.length] ?? MODELS[0]!
    const failed = i % 17 === 5
    return {
      ...base,
      id: `gen-${i}`,
      startedAt: now - (n - i) * 2300,
      path,
      clientDialect: dialect,
      requestedModel: requested,
      routedModel: routed,
      provider: dialect === 'openai-chat' ? 'openrouter' : 'chatgpt',
      status: failed ? 429 : 200,
      state: failed ? 'error' : 'done',
      ttfbMs: 180 + ((i * 37) % 900),
      durationMs: 900 + ((i * 211) % 9000),
      usage: {
        inputTokens: 1200 + ((i * 997) % 40_000),
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 80 + ((i * 53) % 3000),
        reasoningTokens: 0,
      },
      notes: i % 5 === 0 ? ['dropped tool web_search (filters.dropToolTypes)'] : [],
    }
  })
}

const now = Date.now()
const fake = createFakeClient({ entries: [...generated(count, now), ...sampleEntries(now)] })
const theme = params.get('theme')
if (theme === 'light' || theme === 'dark')
  fake.state.settings = { ...sampleSettings(), ui: { theme } }
const max = params.get('max')
if (max)
  fake.state.settings = {
    ...fake.state.settings,
    log: { ...fake.state.settings.log, maxEntries: Number(max) },
  }
if (params.get('signedOut') === '1') fake.state.auth = { signedIn: false, state: 'signed-out' }

// A live exchange that streams frames, to watch rows and the detail pane update.
if (params.get('live') === '1') {
  const entry: ExchangeEntry = {
    ...(sampleEntries(Date.now())[0] as ExchangeEntry),
    id: 'live-1',
    startedAt: Date.now(),
    state: 'active',
    frames: [],
    status: 200,
    ttfbMs: 380,
  }
  delete entry.durationMs
  delete entry.usage
  fake.state.entries.push(entry)
  let t = 380
  const timer = setInterval(() => {
    t += 40
    const frame = logged(
      t,
      entry.frames.length % 2 === 0 ? 'upstream' : 'client',
      JSON.stringify({ type: 'response.output_text.delta', delta: 'token ' }),
    )
    entry.frames.push(frame)
    fake.emit({ type: 'log:frames', id: entry.id, frames: [frame] })
    if (entry.frames.length >= 24) {
      clearInterval(timer)
      entry.state = 'done'
      entry.durationMs = t
      const { frames, ...rest } = entry
      fake.emit({ type: 'log:updated', entry: { ...rest, frameCount: frames.length } })
    }
  }, 100)
}

// A fast stream of exchanges (?rate=events per second) to check the list stays smooth.
const rate = Number(params.get('rate') ?? '0')
if (rate > 0) {
  let n = 0
  const template = generated(1, Date.now())[0] as ExchangeEntry
  setInterval(() => {
    for (let i = 0; i < rate / 100; i++) {
      const { frames: _f, ...rest } = template
      const entry = { ...rest, id: `s-${n++}`, startedAt: Date.now(), frameCount: 0 }
      fake.emit({ type: 'log:appended', entry: { ...entry, state: 'active' } })
      fake.emit({
        type: 'log:frames',
        id: entry.id,
        frames: [{ t: 5, side: 'upstream', bytes: 2, data: '{}' }],
      })
      fake.emit({ type: 'log:updated', entry })
    }
  }, 10)
}

const root = document.getElementById('root')
if (!root) throw new Error('missing #root')
createRoot(root).render(
  <StrictMode>
    <App client={fake} />
  </StrictMode>,
)
