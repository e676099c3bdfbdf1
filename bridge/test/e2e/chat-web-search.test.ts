// Web search for and from Chat Completions over real sockets, the official SDKs as clients: a Chat client's
// `web_search_options` become the Anthropic server tool / the Responses hosted tool (location and context
// size where the target has them) and the search comes back as `message.annotations`; a Chat search model's
// own annotations reach Anthropic clients as citations and Responses clients as url_citation annotations.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAllFakes, type AllFakes } from '../fakes/index.js'
import { searchFor } from '../fakes/scripted-reply.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'

const QUERY = 'switchboard gateway'
const URLS = searchFor(QUERY).hits.map((h) => h.url)
const PROMPT = `search the web for ${QUERY}`

let fakes: AllFakes
const gateways: Partial<Record<'anthropic' | 'responses' | 'chat', RunningGateway>> = {}
beforeAll(async () => {
  fakes = await startAllFakes()
  gateways.anthropic = await startGateway(settingsFor('anthropic', fakes.anthropic))
  gateways.responses = await startGateway(settingsFor('openai-responses', fakes.responses))
  gateways.chat = await startGateway(settingsFor('openai-chat', fakes.chat))
})
afterAll(async () => {
  for (const gw of Object.values(gateways)) await gw.close()
  await fakes.close()
})
const url = (name: keyof typeof gateways): string => gateways[name]?.url ?? ''

const options: OpenAI.Chat.Completions.ChatCompletionCreateParams.WebSearchOptions = {
  search_context_size: 'low',
  user_location: { type: 'approximate', approximate: { country: 'GB', city: 'London' } },
}

function cited(completion: OpenAI.Chat.Completions.ChatCompletion): string[] {
  return (completion.choices[0]?.message.annotations ?? []).map((a) => a.url_citation.url)
}

describe('a Chat client with web_search_options', () => {
  const chat = (name: 'anthropic' | 'responses'): OpenAI =>
    new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${url(name)}/v1`, maxRetries: 0 })
  const params = {
    model: 'm-a',
    messages: [{ role: 'user' as const, content: PROMPT }],
    web_search_options: options,
  }

  it('searches on an Anthropic upstream (server tool) and gets url_citation annotations', async () => {
    const streamed = await chat('anthropic').chat.completions.stream(params).finalChatCompletion()
    const json = await chat('anthropic').chat.completions.create(params)
    for (const completion of [streamed, json]) {
      expect(cited(completion)).toEqual(URLS)
      const text = completion.choices[0]?.message.content ?? ''
      for (const a of completion.choices[0]?.message.annotations ?? [])
        expect(a.url_citation.end_index).toBeLessThanOrEqual(text.length)
    }
    const sent = fakes.anthropic.requests.at(-1)?.body as { tools: unknown[] }
    // Anthropic has no search_context_size; the prompt-cache breakpoint is Switchboard's own.
    expect(sent.tools).toEqual([
      {
        type: 'web_search_20250305',
        name: 'web_search',
        user_location: { type: 'approximate', country: 'GB', city: 'London' },
        cache_control: { type: 'ephemeral' },
      },
    ])
    expect(gateways.anthropic?.log.snapshot().at(-1)?.notes.join('\n')).toMatch(
      /search_context_size_dropped/,
    )
  })

  it('searches on a Responses upstream (hosted tool, context size kept)', async () => {
    const streamed = await chat('responses').chat.completions.stream(params).finalChatCompletion()
    const json = await chat('responses').chat.completions.create(params)
    for (const completion of [streamed, json]) expect(cited(completion)).toEqual(URLS)
    const sent = fakes.responses.requests.at(-1)?.body as { tools: unknown[] }
    expect(sent.tools).toEqual([
      {
        type: 'web_search',
        user_location: { type: 'approximate', country: 'GB', city: 'London' },
        search_context_size: 'low',
      },
    ])
  })

  it('passes them to a Chat search model as they are', async () => {
    const client = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${url('chat')}/v1`, maxRetries: 0 })
    const completion = await client.chat.completions.create({
      ...params,
      model: 'gpt-4o-search-preview',
    })
    expect(cited(completion)).toEqual(URLS)
    expect(
      (fakes.chat.requests.at(-1)?.body as { web_search_options: unknown }).web_search_options,
    ).toEqual(options)
  })
})

describe("a Chat search model's annotations", () => {
  const model = 'gpt-4o-search-preview'

  it('reach an Anthropic client as text citations (stream and JSON)', async () => {
    const client = new Anthropic({ apiKey: ACCESS_KEY, baseURL: url('chat'), maxRetries: 0 })
    const body = {
      model,
      max_tokens: 1024,
      messages: [{ role: 'user' as const, content: PROMPT }],
    }
    for (const message of [
      await client.messages.stream(body).finalMessage(),
      await client.messages.create(body),
    ]) {
      const text = message.content.find((b) => b.type === 'text')
      const citations = text?.type === 'text' ? (text.citations ?? []) : []
      expect(citations.map((c) => (c.type === 'web_search_result_location' ? c.url : ''))).toEqual(
        URLS,
      )
      for (const c of citations) expect(text?.type === 'text' && text.text).toContain(c.cited_text)
    }
  })

  it('reach a Responses client as url_citation annotations (stream and JSON)', async () => {
    const client = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${url('chat')}/v1`, maxRetries: 0 })
    for (const response of [
      await client.responses.stream({ model, input: PROMPT }).finalResponse(),
      await client.responses.create({ model, input: PROMPT }),
    ]) {
      const message = response.output.find((o) => o.type === 'message')
      const part = message?.type === 'message' ? message.content[0] : undefined
      const annotations = part?.type === 'output_text' ? part.annotations : []
      expect(annotations.map((a) => (a.type === 'url_citation' ? a.url : ''))).toEqual(URLS)
      for (const a of annotations)
        if (a.type === 'url_citation' && part?.type === 'output_text')
          expect(a.end_index).toBeLessThanOrEqual(part.text.length)
    }
  })
})
