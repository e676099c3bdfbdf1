// Every upstream's context-window overflow reaches each client as that client's own overflow error, over HTTP
// and mid-stream at every chunk boundary, judged by the official SDKs and by Claude Code's own parser.
import { readFileSync } from 'node:fs'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import type { Dialect } from '../../protocol/dialects.js'
import { DIALECTS } from '../../protocol/dialects.js'
import { codecFor } from '../../protocol/registry.js'
import { CHUNK_SIZES, splitEvery } from '../helpers/chunks.js'
import { decodeBytes, encodeStream } from '../helpers/translate.js'

interface Case {
  name: string
  dialect: Dialect
  status: number
  body: unknown
  tokens?: number
  limit?: number
}

const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/overflow/http-errors.json', import.meta.url), 'utf8'),
) as {
  cases: Case[]
  notOverflow: Case[]
}

/** Claude Code 2.1.197's own test for reactive compaction and its parser of the counts (from the shipped binary). */
const claudeCompacts = (message: string): boolean =>
  message.toLowerCase().includes('prompt is too long')
const claudeCounts = (message: string): { tokens?: number; limit?: number } => {
  const m = /prompt is too long[^0-9]*(\d+)\s*tokens?\s*>\s*(\d+)/i.exec(message)
  return m ? { tokens: Number(m[1]), limit: Number(m[2]) } : {}
}

function answering(status: number, body: string, contentType = 'application/json'): typeof fetch {
  return async () => new Response(body, { status, headers: { 'content-type': contentType } })
}

/** What the client dialect's official SDK throws for an HTTP error body (or for a stream that fails). */
async function sdkError(
  dialect: Dialect,
  fetchImpl: typeof fetch,
  stream: boolean,
): Promise<unknown> {
  try {
    if (dialect === 'anthropic-messages') {
      const client = new Anthropic({
        apiKey: 'k',
        baseURL: 'http://oracle.invalid',
        fetch: fetchImpl,
        maxRetries: 0,
      })
      const params = {
        model: 'm',
        max_tokens: 10,
        messages: [{ role: 'user' as const, content: 'hi' }],
      }
      if (stream) await client.messages.stream(params).finalMessage()
      else await client.messages.create(params)
    } else {
      const client = new OpenAI({
        apiKey: 'k',
        baseURL: 'http://oracle.invalid/v1',
        fetch: fetchImpl,
        maxRetries: 0,
      })
      if (dialect === 'openai-chat') {
        const params = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] }
        if (stream) await client.chat.completions.stream(params).finalChatCompletion()
        else await client.chat.completions.create(params)
      } else if (stream) {
        const final = await client.responses.stream({ model: 'm', input: 'hi' }).finalResponse()
        return final
      } else await client.responses.create({ model: 'm', input: 'hi' })
    }
  } catch (err) {
    return err
  }
  throw new Error('the SDK accepted an overflow answer')
}

function expectOverflow(
  dialect: Dialect,
  err: unknown,
  known: { tokens?: number; limit?: number },
  http: boolean,
): void {
  if (dialect === 'anthropic-messages') {
    expect(err).toBeInstanceOf(Anthropic.APIError)
    const apiError = err as InstanceType<typeof Anthropic.APIError>
    if (http) expect(apiError.status).toBe(400)
    expect(JSON.stringify(apiError.error)).toContain('invalid_request_error')
    expect(claudeCompacts(apiError.message)).toBe(true)
    if (known.tokens !== undefined && known.limit !== undefined)
      expect(claudeCounts(apiError.message)).toEqual(known)
    return
  }
  expect(err).toBeInstanceOf(OpenAI.APIError)
  const apiError = err as InstanceType<typeof OpenAI.APIError>
  if (http) expect(apiError.status).toBe(400)
  expect(apiError.code).toBe('context_length_exceeded')
}

describe('context overflow over HTTP', () => {
  for (const c of fixtures.cases) {
    for (const client of DIALECTS) {
      it(`${c.name} → ${client}`, async () => {
        const error = codecFor(c.dialect).decodeError(c.status, c.body)
        const envelope = codecFor(client).encodeError({ ...error, status: c.status })
        expect(envelope.status).toBe(400)
        const err = await sdkError(
          client,
          answering(envelope.status, JSON.stringify(envelope.body)),
          false,
        )
        const known = c.tokens === undefined ? {} : { tokens: c.tokens, limit: c.limit }
        expectOverflow(client, err, known, true)
      })
    }
  }

  for (const c of fixtures.notOverflow) {
    it(`${c.name} is not turned into an overflow`, () => {
      const error = codecFor(c.dialect).decodeError(c.status, c.body)
      const anthropic = JSON.stringify(codecFor('anthropic-messages').encodeError(error).body)
      expect(anthropic).not.toContain('prompt is too long')
      expect(JSON.stringify(codecFor('openai-chat').encodeError(error).body)).not.toContain(
        'context_length_exceeded',
      )
    })
  }
})

const RESPONSES_FAILED = [
  'event: response.created',
  'data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":1,"status":"in_progress","model":"gpt-5.5","output":[],"usage":null}}',
  '',
  'event: response.failed',
  'data: {"type":"response.failed","sequence_number":1,"response":{"id":"resp_1","object":"response","created_at":1,"status":"failed","model":"gpt-5.5","output":[],"usage":null,"error":{"code":"context_length_exceeded","message":"Your input exceeds the context window of this model. Please adjust your input and try again."}}}',
  '',
  '',
].join('\n')

const ANTHROPIC_ERROR = [
  'event: message_start',
  'data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":0}}}',
  '',
  'event: error',
  'data: {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 208310 tokens > 200000 maximum"}}',
  '',
  '',
].join('\n')

const CHAT_ERROR = [
  'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}',
  '',
  'data: {"error":{"message":"This model\'s maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}',
  '',
  '',
].join('\n')

const STREAMS: {
  name: string
  dialect: Dialect
  sse: string
  known: { tokens?: number; limit?: number }
}[] = [
  {
    name: 'responses response.failed',
    dialect: 'openai-responses',
    sse: RESPONSES_FAILED,
    known: {},
  },
  {
    name: 'anthropic event: error',
    dialect: 'anthropic-messages',
    sse: ANTHROPIC_ERROR,
    known: { tokens: 208310, limit: 200000 },
  },
  {
    name: 'chat error chunk',
    dialect: 'openai-chat',
    sse: CHAT_ERROR,
    known: { tokens: 130532, limit: 128000 },
  },
]

describe('context overflow mid-stream, at every chunk boundary', () => {
  for (const s of STREAMS) {
    for (const client of DIALECTS) {
      it(`${s.name} → ${client}`, async () => {
        const bytes = new TextEncoder().encode(s.sse)
        const outputs = new Set<string>()
        for (const size of CHUNK_SIZES)
          outputs.add(encodeStream(client, decodeBytes(s.dialect, splitEvery(bytes, size))))
        expect(outputs.size).toBe(1)
        const [sse = ''] = [...outputs]
        if (client === 'openai-responses') {
          // Codex reads the code of `response.failed`; the SDK's stream helper hands that response back.
          const final = (await sdkError(
            client,
            answering(200, sse, 'text/event-stream'),
            true,
          )) as OpenAI.Responses.Response
          expect(final.status).toBe('failed')
          expect(final.error?.code).toBe('context_length_exceeded')
          return
        }
        const err = await sdkError(client, answering(200, sse, 'text/event-stream'), true)
        expectOverflow(client, err, s.known, false)
      })
    }
  }
})
