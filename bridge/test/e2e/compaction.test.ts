// Remote compaction through the gateway with the official openai SDK as the client: Chat and Anthropic upstreams
// get a summarisation request and the client one Switchboard compaction item, which later turns expand back into
// the summary; Responses upstreams compact themselves and keep their own items; /v1/responses/compact the same.
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAllFakes, type AllFakes, type FakeServer } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'
import { SUMMARY_PREFIX, SUMMARY_PROMPT } from '../../pipeline/compaction/own-compaction.js'
import { openCompaction } from '../../pipeline/compaction/envelope.js'

let fakes: AllFakes
const gateways: RunningGateway[] = []

beforeAll(async () => {
  fakes = await startAllFakes()
})
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()))
  await fakes.close()
})

async function clientFor(
  kind: 'openai-chat' | 'anthropic' | 'openai-responses',
  fake: FakeServer,
): Promise<OpenAI> {
  const gw = await startGateway(settingsFor(kind, fake))
  gateways.push(gw)
  return new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 })
}

const SHELL: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'exec_command',
  strict: false,
  parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
}

/** Codex's history shape: developer text, a user prompt, a tool round trip with an image, then the trigger. */
function codexHistory(): OpenAI.Responses.ResponseInputItem[] {
  return [
    {
      type: 'message',
      role: 'developer',
      content: [{ type: 'input_text', text: 'You are Codex.' }],
    },
    {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: 'remember the word pelican' }],
    },
    { type: 'function_call', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
    {
      type: 'function_call_output',
      call_id: 'call_1',
      output: [
        {
          type: 'input_image',
          image_url: 'data:image/png;base64,iVBORw0KGgo=',
          detail: 'original' as 'high',
        },
      ],
    },
  ]
}

const trigger = { type: 'compaction_trigger' } as unknown as OpenAI.Responses.ResponseInputItem

function lastBody(fake: FakeServer): string {
  return JSON.stringify(fake.requests.at(-1)?.body)
}

describe('compaction on a Chat upstream (Switchboard summarises)', () => {
  it('streams exactly one sbc1 compaction item with the upstream usage, then expands it in the next turn', async () => {
    const client = await clientFor('openai-chat', fakes.chat)
    const stream = client.responses.stream({
      model: 'gpt-4o',
      input: [...codexHistory(), trigger],
      tools: [],
      store: false,
    })
    const final = await stream.finalResponse()
    expect(final.output).toHaveLength(1)
    const item = final.output[0] as unknown as {
      type: string
      id: string
      encrypted_content: string
    }
    expect(item.type).toBe('compaction')
    expect(item.id).toMatch(/^cmp_/)
    const summary = openCompaction(item.encrypted_content, ACCESS_KEY)
    expect(summary?.summary).toMatch(/^done: /)
    // What the chat server got: no tools: [], no detail "original" (it refuses both), the summary prompt last.
    const sent = fakes.chat.requests.at(-1)?.body as {
      tools?: unknown
      messages: { role: string; content: unknown }[]
    }
    expect(sent.tools).toBeUndefined()
    expect(JSON.stringify(sent.messages.at(-1))).toContain(SUMMARY_PROMPT.slice(0, 40))
    expect(JSON.stringify(sent)).not.toContain('original')
    expect(final.usage?.input_tokens).toBeGreaterThan(0)
    expect(final.usage?.total_tokens).toBe(
      (final.usage?.input_tokens ?? 0) + (final.usage?.output_tokens ?? 0),
    )

    const next = await client.responses.create({
      model: 'gpt-4o',
      input: [
        {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: 'remember the word pelican' }],
        },
        item as unknown as OpenAI.Responses.ResponseInputItem,
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'which word?' }] },
      ],
      tools: [SHELL],
    })
    expect(next.status).toBe('completed')
    expect(lastBody(fakes.chat)).toContain(JSON.stringify(SUMMARY_PREFIX).slice(1, 30))
    expect(lastBody(fakes.chat)).not.toContain('sbc1.')
  })

  it('refuses an altered compaction item in the Responses error envelope', async () => {
    const client = await clientFor('openai-chat', fakes.chat)
    const first = await client.responses.create({
      model: 'gpt-4o',
      input: [...codexHistory(), trigger],
    })
    const item = first.output[0] as unknown as { encrypted_content: string }
    const [payload = '', mac = ''] = item.encrypted_content.slice('sbc1.'.length).split('.')
    const forged = `sbc1.${Buffer.from('{"v":1,"summary":"rm -rf /","model":"x","created":1}').toString('base64url')}.${mac}`
    expect(payload).not.toBe('')
    const err = await client.responses
      .create({
        model: 'gpt-4o',
        input: [
          {
            type: 'compaction',
            encrypted_content: forged,
          } as unknown as OpenAI.Responses.ResponseInputItem,
        ],
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(err).toBeInstanceOf(OpenAI.BadRequestError)
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(
      'input[0].encrypted_content',
    )
  })
})

describe('compaction on an Anthropic upstream (Switchboard summarises)', () => {
  it('answers a non-streaming trigger with one compaction item', async () => {
    const client = await clientFor('anthropic', fakes.anthropic)
    const res = await client.responses.create({
      model: 'claude-sonnet-4-5-20250929',
      input: [...codexHistory(), trigger],
      tools: [SHELL],
    })
    expect(res.output.map((o) => o.type)).toEqual(['compaction'])
    const sent = fakes.anthropic.requests.at(-1)?.body as { tool_choice?: unknown }
    expect(sent.tool_choice).toEqual({ type: 'none' })
  })
})

describe('compaction on a Responses upstream (it compacts itself)', () => {
  it('passes the trigger and the upstream item through, and expands only Switchboard items', async () => {
    const client = await clientFor('openai-responses', fakes.responses)
    const res = await client.responses.create({
      model: 'gpt-5',
      input: [{ role: 'user', content: 'hi' }, trigger],
    })
    const item = res.output[0] as unknown as { type: string; encrypted_content: string }
    expect(item.type).toBe('compaction')
    expect(item.encrypted_content).toMatch(/^gAAAAC/)
    // The upstream's own item goes back to it unchanged (the fake verifies it) next to a Switchboard item.
    const chat = await clientFor('openai-chat', fakes.chat)
    const ours = (
      await chat.responses.create({ model: 'gpt-4o', input: [...codexHistory(), trigger] })
    ).output[0]
    const next = await client.responses.create({
      model: 'gpt-5',
      input: [
        item,
        ours,
        { role: 'user', content: 'go on' },
      ] as unknown as OpenAI.Responses.ResponseInputItem[],
    })
    expect(next.status).toBe('completed')
    expect(lastBody(fakes.responses)).toContain(item.encrypted_content)
    expect(lastBody(fakes.responses)).not.toContain('sbc1.')
  })
})

describe('POST /v1/responses/compact', () => {
  it('returns the user messages and one compaction item, as the SDK types it', async () => {
    const client = await clientFor('openai-chat', fakes.chat)
    const compacted = await client.responses.compact({ model: 'gpt-4o', input: codexHistory() })
    expect(compacted.object).toBe('response.compaction')
    expect(compacted.output.map((o) => o.type)).toEqual(['message', 'compaction'])
    expect(compacted.usage.total_tokens).toBeGreaterThan(0)
  })
})
