// The official SDKs as oracles: feed them our bytes through a fake fetch and take what they accumulate.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import type { Dialect } from '../../protocol/dialects.js'

function fakeFetch(body: string, contentType = 'text/event-stream'): typeof fetch {
  return async () => new Response(body, { status: 200, headers: { 'content-type': contentType } })
}

export async function anthropicFinal(sse: string): Promise<Anthropic.Message> {
  const client = new Anthropic({
    apiKey: 'test',
    baseURL: 'http://oracle.invalid',
    fetch: fakeFetch(sse),
    maxRetries: 0,
  })
  return client.messages
    .stream({ model: 'oracle', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] })
    .finalMessage()
}

export async function responsesFinal(sse: string): Promise<OpenAI.Responses.Response> {
  const client = new OpenAI({
    apiKey: 'test',
    baseURL: 'http://oracle.invalid/v1',
    fetch: fakeFetch(sse),
    maxRetries: 0,
  })
  return client.responses.stream({ model: 'oracle', input: 'hi' }).finalResponse()
}

export async function chatFinal(sse: string): Promise<OpenAI.Chat.Completions.ChatCompletion> {
  const client = new OpenAI({
    apiKey: 'test',
    baseURL: 'http://oracle.invalid/v1',
    fetch: fakeFetch(sse),
    maxRetries: 0,
  })
  return client.chat.completions
    .stream({
      model: 'oracle',
      messages: [{ role: 'user', content: 'hi' }],
      stream_options: { include_usage: true },
    })
    .finalChatCompletion()
}

/** What the official SDK of `dialect` makes of a stream: its final answer, or the error it throws. */
export async function sdkFinal(dialect: Dialect, sse: string): Promise<unknown> {
  switch (dialect) {
    case 'anthropic-messages':
      return anthropicFinal(sse)
    case 'openai-responses':
      return responsesFinal(sse)
    case 'openai-chat':
      return chatFinal(sse)
  }
}
