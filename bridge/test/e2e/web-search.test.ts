// Web search end to end over real sockets with the official SDKs as clients: Claude Code's nested WebSearch
// request through the ChatGPT provider (fake Codex backend) comes back as a search Claude Code counts; the
// reverse (an Anthropic upstream's search for Responses and Chat clients); a Chat upstream's named downgrade;
// and Codex's echoed web_search_call on upstreams that cannot take it back.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GatewayHost } from '../../control/gateway-host.js'
import { authHarness, type AuthHarness } from '../auth/auth-harness.js'
import { startPoolHost } from './chatgpt-pool.js'
import { startFakeCodexBackend, type FakeCodexBackend } from '../fakes/fake-codex-backend.js'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { searchFor } from '../fakes/scripted-reply.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

const QUERY = 'switchboard gateway'
const ACCOUNT = '11111111-2222-4333-8444-555555555555'
const HITS = searchFor(QUERY).hits

/** Claude Code 2.1.197's nested request for its WebSearch tool, as recorded (long-sessions.md §1.1). */
function nestedSearch(model: string): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model,
    messages: [
      {
        role: 'user',
        content: [{ type: 'text', text: `Perform a web search for the query: ${QUERY}` }],
      },
    ],
    system: [
      {
        type: 'text',
        text: 'x-anthropic-billing-header: cc_version=2.1.197.3d9; cc_entrypoint=sdk-cli;',
      },
      { type: 'text', text: "You are a Claude agent, built on Anthropic's Claude Agent SDK." },
      { type: 'text', text: 'You are an assistant for performing a web search tool use' },
    ],
    tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 8 }],
    tool_choice: { type: 'tool', name: 'web_search' },
    metadata: { user_id: 'user_0123' },
    max_tokens: 64000,
    thinking: { type: 'disabled' },
    output_config: { effort: 'high' },
  }
}

/** What Claude Code reads back: searchCount = max(#server_tool_use, #web_search_tool_result), the Links, the usage. */
function claudeCodeView(message: Anthropic.Message): {
  searches: number
  links: unknown[]
  requests: number | undefined
} {
  const uses = message.content.filter((b) => b.type === 'server_tool_use').length
  const results = message.content.filter((b) => b.type === 'web_search_tool_result')
  const links = results.flatMap((r) =>
    Array.isArray(r.content) ? r.content.map((h) => ({ title: h.title, url: h.url })) : [],
  )
  return {
    searches: Math.max(uses, results.length),
    links,
    requests: message.usage.server_tool_use?.web_search_requests,
  }
}

describe('Claude Code WebSearch through the ChatGPT provider', () => {
  let backend: FakeCodexBackend
  let auth: AuthHarness
  let host: GatewayHost
  let url = ''
  let key = ''

  beforeAll(async () => {
    backend = await startFakeCodexBackend({ accountId: ACCOUNT, validToken: 'not-yet-signed-in' })
    auth = await authHarness({ onAccessToken: (t) => backend.setValidToken(t) })
    ;({ host, url, key } = await startPoolHost(auth, backend))
    await auth.signInFresh()
  })
  afterAll(async () => {
    await host.close()
    await backend.close()
    await auth.close()
  })

  const client = (): Anthropic => new Anthropic({ apiKey: key, baseURL: url, maxRetries: 0 })

  it('streams a search Claude Code counts: "Did 1 search", the links, webSearchRequests 1', async () => {
    const message = await client()
      .messages.stream(nestedSearch('claude-opus-4-8'), { query: { beta: 'true' } })
      .finalMessage()
    expect(claudeCodeView(message)).toEqual({ searches: 1, links: HITS, requests: 1 })
    // The backend reasons first (the fake, like gpt-5, reasons unless told effort none).
    expect(message.content.map((b) => b.type)).toEqual([
      'thinking',
      'server_tool_use',
      'web_search_tool_result',
      'text',
    ])
    expect(message.content[1]).toMatchObject({ name: 'web_search', input: { query: QUERY } })
    const text = message.content.find((b) => b.type === 'text')
    expect(
      text?.type === 'text'
        ? text.citations?.map((c) => (c.type === 'web_search_result_location' ? c.url : ''))
        : [],
    ).toEqual(HITS.map((h) => h.url))
    // The backend got the hosted tool, forced, as codex-backend.md §4.3 describes.
    const sent = backend.responseRequests().at(-1)?.body as {
      tools: unknown[]
      tool_choice: unknown
    }
    expect(sent.tools).toEqual([{ type: 'web_search' }])
    expect(sent.tool_choice).toEqual({ type: 'web_search' })
  })

  it('answers the same without streaming', async () => {
    // The SDK refuses a non-stream call with max_tokens as large as Claude Code's 64000.
    const message = await client().messages.create({
      ...nestedSearch('claude-opus-4-8'),
      max_tokens: 4096,
    })
    expect(claudeCodeView(message)).toEqual({ searches: 1, links: HITS, requests: 1 })
  })

  it("gives Codex the backend's web_search_call and the cited answer", async () => {
    const openai = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 })
    const final = await openai.responses
      .stream({
        model: 'gpt-5.6-terra',
        input: `search the web for ${QUERY}`,
        tools: [{ type: 'web_search_preview' }],
      })
      .finalResponse()
    const types = final.output.map((o) => o.type)
    expect(types).toContain('web_search_call')
    const message = final.output.find((o) => o.type === 'message')
    const part = message?.type === 'message' ? message.content[0] : undefined
    expect(part?.type === 'output_text' ? part.annotations.length : 0).toBe(HITS.length)
  })
})

describe('web search on other upstreams', () => {
  let fakes: AllFakes
  const gateways: Record<'anthropic' | 'chat', RunningGateway | undefined> = {
    anthropic: undefined,
    chat: undefined,
  }
  beforeAll(async () => {
    fakes = await startAllFakes()
    gateways.anthropic = await startGateway(settingsFor('anthropic', fakes.anthropic))
    gateways.chat = await startGateway(settingsFor('openai-chat', fakes.chat))
  })
  afterAll(async () => {
    await gateways.anthropic?.close()
    await gateways.chat?.close()
    await fakes.close()
  })
  const gw = (name: 'anthropic' | 'chat'): string => gateways[name]?.url ?? ''
  const codexTool = {
    type: 'web_search',
    external_web_access: false,
    search_content_types: ['text', 'image'],
  }

  it("an Anthropic upstream's search reaches a Responses client as web_search_call + url_citation", async () => {
    const openai = new OpenAI({
      apiKey: ACCESS_KEY,
      baseURL: `${gw('anthropic')}/v1`,
      maxRetries: 0,
    })
    const params = {
      model: 'm-a',
      input: `search the web for ${QUERY}`,
      tools: [codexTool],
    } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming
    const final = await openai.responses.stream(params).finalResponse()
    const search = final.output.find((o) => o.type === 'web_search_call')
    expect(search).toMatchObject({
      status: 'completed',
      action: {
        type: 'search',
        query: QUERY,
        sources: HITS.map((h) => ({ type: 'url', url: h.url })),
      },
    })
    const urls = final.output.flatMap((o) =>
      o.type === 'message'
        ? o.content.flatMap((c) =>
            c.type === 'output_text'
              ? c.annotations.map((a) => (a.type === 'url_citation' ? a.url : ''))
              : [],
          )
        : [],
    )
    expect(urls).toEqual(HITS.map((h) => h.url))
    const sent = fakes.anthropic.requests.at(-1)?.body as { tools: unknown[] }
    expect(sent.tools).toEqual([
      expect.objectContaining({ type: 'web_search_20250305', name: 'web_search' }),
    ])
  })

  it('a Chat upstream cannot search: Claude Code is told the search failed (unavailable), then gets the answer', async () => {
    const client = new Anthropic({ apiKey: ACCESS_KEY, baseURL: gw('chat'), maxRetries: 0 })
    for (const message of [
      await client.messages.stream(nestedSearch('m-a')).finalMessage(),
      await client.messages.create({ ...nestedSearch('m-a'), max_tokens: 4096 }),
    ]) {
      expect(message.content.slice(0, 2)).toEqual([
        expect.objectContaining({ type: 'server_tool_use', name: 'web_search' }),
        expect.objectContaining({
          type: 'web_search_tool_result',
          content: { type: 'web_search_tool_result_error', error_code: 'unavailable' },
        }),
      ])
      expect(message.content.at(-1)?.type).toBe('text')
      expect(message.usage.server_tool_use?.web_search_requests ?? 0).toBe(0)
    }
    const entry = gateways.chat?.log.snapshot().at(-1)
    expect(entry?.notes.join('\n')).toMatch(/web_search_unavailable/)
  })

  it("Codex's echoed web_search_call is left out for Anthropic and Chat upstreams, never an error", async () => {
    const input = [
      { role: 'user', content: `search the web for ${QUERY}` },
      {
        type: 'web_search_call',
        id: 'ws_0123',
        status: 'completed',
        action: { type: 'search', query: QUERY, queries: [QUERY] },
      },
      {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'It is a gateway.', annotations: [] }],
      },
      { role: 'user', content: 'thanks' },
    ]
    for (const name of ['anthropic', 'chat'] as const) {
      const openai = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw(name)}/v1`, maxRetries: 0 })
      const params = {
        model: 'm-a',
        input,
      } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming
      const r = await openai.responses.create(params)
      expect(r.status).toBe('completed')
      const entry = gateways[name]?.log.snapshot().at(-1)
      expect(entry?.notes.join('\n')).toMatch(/web_search_history_dropped/)
    }
  })
})
