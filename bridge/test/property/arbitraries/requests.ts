// Arbitraries for canonical requests every dialect carries in full: turns, images, paired tool calls, tools.
import fc from 'fast-check'
import type { JsonObject } from '../../../protocol/canonical/json.js'
import type {
  AssistantPart,
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  ToolResultPart,
  UserPart,
} from '../../../protocol/canonical/request.js'
import { DIALECTS } from '../../../protocol/dialects.js'
import {
  alnumText,
  anyId,
  argsObject,
  base64Data,
  functionName,
  mediaType,
  solidText,
} from './text.js'

const textPart = solidText.map((text) => ({ type: 'text' as const, text }))

const imagePart = fc
  .tuple(mediaType, base64Data)
  .map(([m, data]): UserPart => ({ type: 'image', source: { kind: 'base64', mediaType: m, data } }))

const userExtra: fc.Arbitrary<UserPart> = fc.oneof(
  { weight: 3, arbitrary: textPart },
  { weight: 1, arbitrary: imagePart },
)

const schemaArb: fc.Arbitrary<JsonObject> = fc
  .uniqueArray(
    fc.tuple(
      alnumText(1, 8),
      fc.constantFrom('string', 'number', 'integer', 'boolean'),
      fc.option(solidText, { nil: undefined }),
    ),
    {
      maxLength: 3,
      selector: ([k]) => k,
    },
  )
  .chain((props) =>
    fc.subarray(props.map(([k]) => k)).map((required): JsonObject => {
      const properties: JsonObject = {}
      for (const [k, type, description] of props)
        properties[k] = description === undefined ? { type } : { type, description }
      return required.length > 0
        ? { type: 'object', properties, required }
        : { type: 'object', properties }
    }),
  )

const toolArb: fc.Arbitrary<CanonicalTool> = fc
  .tuple(functionName, fc.option(solidText, { nil: undefined }), schemaArb)
  .map(([name, description, parameters]) =>
    description === undefined
      ? { kind: 'function', name, parameters }
      : { kind: 'function', name, description, parameters },
  )

interface CallSpec {
  name: string
  args: JsonObject
  result: { texts: string[]; isError: boolean }
}

interface RoundSpec {
  userExtras: UserPart[]
  assistantTexts: string[]
  calls: CallSpec[]
}

const callArb: fc.Arbitrary<CallSpec> = fc.record({
  name: functionName,
  args: argsObject,
  result: fc.record({
    texts: fc.array(solidText, { minLength: 1, maxLength: 2 }),
    isError: fc.boolean(),
  }),
})

const roundArb: fc.Arbitrary<RoundSpec> = fc
  .record({
    userExtras: fc.array(userExtra, { maxLength: 3 }),
    assistantTexts: fc.array(solidText, { maxLength: 2 }),
    calls: fc.array(callArb, { maxLength: 3 }),
  })
  .filter((r) => r.assistantTexts.length + r.calls.length > 0)

/** Builds the conversation: results for every call open the next user turn, in call order. */
function conversation(
  rounds: RoundSpec[],
  first: UserPart[],
  last: UserPart[],
  ids: string[],
): CanonicalMessage[] {
  const messages: CanonicalMessage[] = [{ role: 'user', content: first }]
  let pending: ToolResultPart[] = []
  let k = 0
  rounds.forEach((round, r) => {
    const user = [...pending, ...round.userExtras]
    // No empty user turns: Chat writes one as an empty text, which is a turn of its own.
    if (r > 0 && user.length > 0) messages.push({ role: 'user', content: user })
    pending = []
    const assistant: AssistantPart[] = round.assistantTexts.map((text) => ({ type: 'text', text }))
    for (const call of round.calls) {
      const callId = ids[k++] ?? `call_x${k}`
      assistant.push({
        type: 'tool_call',
        callId,
        name: call.name,
        arguments: JSON.stringify(call.args),
        toolKind: 'function',
      })
      const result: ToolResultPart = {
        type: 'tool_result',
        callId,
        content: call.result.texts.map((text) => ({ type: 'text', text })),
        toolKind: 'function',
      }
      if (call.result.isError) result.isError = true
      pending.push(result)
    }
    messages.push({ role: 'assistant', content: assistant })
  })
  const tail = [...pending, ...last]
  if (tail.length > 0) messages.push({ role: 'user', content: tail })
  return messages
}

export const requestArb: fc.Arbitrary<CanonicalRequest> = fc
  .record({
    model: fc.constantFrom('gpt-5', 'claude-sonnet-4-5', 'local/llama'),
    system: fc.array(textPart, { maxLength: 2 }),
    first: fc.array(userExtra, { minLength: 1, maxLength: 3 }),
    rounds: fc.array(roundArb, { maxLength: 3 }),
    last: fc.array(userExtra, { maxLength: 2 }),
    ids: fc.uniqueArray(anyId, { minLength: 9, maxLength: 9 }),
    tools: fc.uniqueArray(toolArb, { maxLength: 3, selector: (t) => t.name }),
    /** Always set: Anthropic requires it and fills in its own default otherwise (by design). */
    maxOutputTokens: fc.integer({ min: 1, max: 100_000 }),
    /** The client dialect it came from: encoders pass same-dialect fields through and behave differently. */
    origin: fc.constantFrom(...DIALECTS),
  })
  .map(
    ({
      model,
      system,
      first,
      rounds,
      last,
      ids,
      tools,
      maxOutputTokens,
      origin,
    }): CanonicalRequest => {
      const req: CanonicalRequest = {
        model,
        system,
        messages: conversation(rounds, first, last, ids),
        tools,
        stream: true,
        extras: { dialect: origin, fields: {} },
        maxOutputTokens,
      }
      return req
    },
  )
