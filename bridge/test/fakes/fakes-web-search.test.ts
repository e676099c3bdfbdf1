// Hosted web search in the fakes, checked against the wire reference with the official SDKs as oracles:
// Responses `web_search_call` + url_citation (API and ChatGPT backend), Anthropic server_tool_use +
// web_search_tool_result + citations, and a Chat search model's message.annotations.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeCodexBackend } from './fake-codex-backend.js'
import type { FakeCodexBackend } from './fake-codex-backend.js'
import { startFakeAnthropic, startFakeChat, startFakeResponses } from './index.js'
import type { FakeServer } from './index.js'
import { payloads, rawPost } from './raw-sse.js'
import { searchFor } from './scripted-reply.js'

const QUERY = 'switchboard gateway'
const HITS = searchFor(QUERY).hits
/** Claude Code's nested WebSearch request (long-sessions.md §1.1). */
const NESTED_PROMPT = `Perform a web search for the query: ${QUERY}`

let responses: FakeServer
let anthropic: FakeServer
let chat: FakeServer
let codex: FakeCodexBackend

beforeAll(async () => {
  ;[responses, anthropic, chat, codex] = await Promise.all([
    startFakeResponses(),
    startFakeAnthropic(),
    startFakeChat(),
    startFakeCodexBackend(),
  ])
})
afterAll(async () => {
  await Promise.all([responses.close(), anthropic.close(), chat.close(), codex.close()])
})

describe('fake Responses upstream: hosted web search', () => {
  const openai = (): OpenAI =>
    new OpenAI({ apiKey: responses.apiKey, baseURL: responses.url, maxRetries: 0 })

  it('streams web_search_call then the cited answer; the SDK accumulates both', async () => {
    const final = await openai()
      .responses.stream({
        model: 'gpt-5',
        input: NESTED_PROMPT,
        tools: [{ type: 'web_search' }],
        tool_choice: { type: 'web_search_preview' },
      })
      .finalResponse()
    expect(final.output.map((o) => o.type)).toEqual(['web_search_call', 'message'])
    const search = final.output[0]
    expect(search).toMatchObject({
      type: 'web_search_call',
      status: 'completed',
      action: { type: 'search', query: QUERY },
    })
    // Without include:["web_search_call.action.sources"] the item names no sources, as the API does.
    expect(
      search?.type === 'web_search_call' && search.action.type === 'search'
        ? search.action.sources
        : 'x',
    ).toBeUndefined()
    const message = final.output[1]
    const text = message?.type === 'message' ? message.content[0] : undefined
    expect(
      text?.type === 'output_text'
        ? text.annotations.map((a) => (a.type === 'url_citation' ? a.url : ''))
        : [],
    ).toEqual(HITS.map((h) => h.url))
  })

  it('sends the search events of the reference table and sources only when included', async () => {
    const reply = await rawPost(
      `${responses.url}/responses`,
      {
        model: 'gpt-5',
        stream: true,
        input: 'search the web for switchboard gateway',
        tools: [{ type: 'web_search' }],
        include: ['web_search_call.action.sources'],
      },
      { authorization: `Bearer ${responses.apiKey}` },
    )
    const types = payloads(reply).map((p) => p['type'])
    for (const t of [
      'response.web_search_call.in_progress',
      'response.web_search_call.searching',
      'response.web_search_call.completed',
      'response.output_text.annotation.added',
    ])
      expect(types).toContain(t)
    const done = payloads(reply).find((p) => p['type'] === 'response.output_item.done')
    expect(done?.['item']).toMatchObject({
      action: { sources: HITS.map((h) => ({ type: 'url', url: h.url })) },
    })
  })

  it('does not search when the tool is not offered', async () => {
    const r = await openai().responses.create({ model: 'gpt-5', input: NESTED_PROMPT })
    expect(r.output.map((o) => o.type)).toEqual(['message'])
  })
})

describe('fake ChatGPT backend: hosted web search', () => {
  it('streams the search like the API and leaves response.completed output empty', async () => {
    const reply = await rawPost(
      `${codex.baseUrl}/responses`,
      {
        model: 'gpt-5.6-terra',
        instructions: '',
        store: false,
        stream: true,
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: 'conv-ws',
        tools: [
          {
            type: 'web_search',
            external_web_access: false,
            search_content_types: ['text', 'image'],
          },
        ],
        input: [
          {
            role: 'user',
            content: [{ type: 'input_text', text: 'search the web for switchboard gateway' }],
          },
        ],
      },
      {
        authorization: `Bearer ${codex.validToken}`,
        'chatgpt-account-id': codex.accountId,
        session_id: 'conv-ws',
      },
    )
    expect(reply.status).toBe(200)
    const events = payloads(reply)
    const items = events
      .filter((p) => p['type'] === 'response.output_item.done')
      .map((p) => p['item'] as Record<string, unknown>)
    expect(items.map((i) => i['type'])).toEqual(['reasoning', 'web_search_call', 'message'])
    expect(items[1]).toMatchObject({
      status: 'completed',
      action: { type: 'search', query: QUERY },
    })
    expect(events.at(-1)).toMatchObject({ type: 'response.completed', response: { output: [] } })
  })
})

describe('fake Anthropic upstream: server web search', () => {
  const client = (): Anthropic =>
    new Anthropic({ apiKey: anthropic.apiKey, baseURL: anthropic.url, maxRetries: 0 })
  const nested = {
    model: 'claude-sonnet-4-5-20250929',
    max_tokens: 1024,
    messages: [{ role: 'user' as const, content: NESTED_PROMPT }],
    tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 8 }],
    tool_choice: { type: 'tool' as const, name: 'web_search' },
  }

  it('streams server_tool_use, web_search_tool_result and cited text; usage counts the search', async () => {
    const final = await client().messages.stream(nested).finalMessage()
    expect(final.content.map((b) => b.type)).toEqual([
      'server_tool_use',
      'web_search_tool_result',
      'text',
      'text',
    ])
    expect(final.content[0]).toMatchObject({
      type: 'server_tool_use',
      name: 'web_search',
      input: { query: QUERY },
    })
    const result = final.content[1]
    expect(
      result?.type === 'web_search_tool_result' && Array.isArray(result.content)
        ? result.content.map((r) => ({ title: r.title, url: r.url }))
        : [],
    ).toEqual(HITS)
    const text = final.content[2]
    expect(text?.type === 'text' ? text.citations?.[0] : undefined).toMatchObject({
      type: 'web_search_result_location',
      url: HITS[0]?.url,
    })
    expect(final.usage.server_tool_use?.web_search_requests).toBe(1)
  })

  it('answers the same as JSON, and takes its own results back but not foreign ones', async () => {
    const message = await client().messages.create(nested)
    expect(message.content.map((b) => b.type)).toEqual([
      'server_tool_use',
      'web_search_tool_result',
      'text',
      'text',
    ])
    expect(message.usage.server_tool_use?.web_search_requests).toBe(1)
    const history = (content: typeof message.content): Anthropic.MessageParam[] => [
      { role: 'user', content: NESTED_PROMPT },
      {
        role: 'assistant',
        content: content.map((b) =>
          b.type === 'text' ? { type: 'text', text: b.text } : b,
        ) as Anthropic.ContentBlockParam[],
      },
      { role: 'user', content: 'thanks' },
    ]
    await expect(
      client().messages.create({
        ...nested,
        tool_choice: { type: 'auto' },
        messages: history(message.content),
      }),
    ).resolves.toMatchObject({ type: 'message' })
    const forged = message.content.map((b) =>
      b.type === 'web_search_tool_result' && Array.isArray(b.content)
        ? { ...b, content: b.content.map((r) => ({ ...r, encrypted_content: '' })) }
        : b,
    )
    await expect(
      client().messages.create({
        ...nested,
        tool_choice: { type: 'auto' },
        messages: history(forged),
      }),
    ).rejects.toThrow(/encrypted_content/)
  })
})

describe("the fakes' model calls a client search tool when asked to search", () => {
  it("Claude Code's main loop: WebSearch is an ordinary tool, called with the prompt's query", async () => {
    const client = new Anthropic({
      apiKey: anthropic.apiKey,
      baseURL: anthropic.url,
      maxRetries: 0,
    })
    const schema = {
      type: 'object' as const,
      properties: { query: { type: 'string' } },
      required: ['query'],
    }
    const message = await client.messages.create({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 1024,
      messages: [{ role: 'user', content: `search the web for ${QUERY}` }],
      tools: [
        { name: 'Bash', input_schema: schema },
        { name: 'WebSearch', input_schema: schema },
      ],
    })
    expect(message.content).toEqual([
      expect.objectContaining({ type: 'tool_use', name: 'WebSearch', input: { query: QUERY } }),
    ])
  })
})

describe('fake Chat upstream: a search model', () => {
  it('answers web_search_options with message.annotations (stream and JSON)', async () => {
    const openai = new OpenAI({ apiKey: chat.apiKey, baseURL: chat.url, maxRetries: 0 })
    const params = {
      model: 'gpt-4o-search-preview',
      messages: [{ role: 'user' as const, content: NESTED_PROMPT }],
      web_search_options: {},
    }
    const streamed = await openai.chat.completions.stream(params).finalChatCompletion()
    const json = await openai.chat.completions.create(params)
    for (const c of [streamed, json]) {
      const annotations = c.choices[0]?.message.annotations ?? []
      expect(annotations.map((a) => a.url_citation.url)).toEqual(HITS.map((h) => h.url))
    }
  })

  it('refuses web_search_options on a model that cannot search, as the real API does', async () => {
    const openai = new OpenAI({ apiKey: chat.apiKey, baseURL: chat.url, maxRetries: 0 })
    const err: unknown = await openai.chat.completions
      .create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: NESTED_PROMPT }],
        web_search_options: {},
      })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OpenAI.BadRequestError)
    expect((err as Error).message).toContain('Web search options not supported with this model.')
  })
})
