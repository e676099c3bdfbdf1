// Codex's tool search, as openai SDK 7 types it: a client-run search, the tools it loaded, and a turn using them.
import type OpenAI from 'openai'
import type { JsonObject } from '../../protocol/canonical/json.js'

/** The openai SDK's own types are the definition of both items. */
export const CALL: OpenAI.Responses.ResponseToolSearchCall = {
  id: 'tsc_1',
  type: 'tool_search_call',
  call_id: 'call_search_1',
  execution: 'client',
  status: 'completed',
  arguments: { query: 'spawn a sub-agent', limit: 3 },
}

const SPAWN = {
  type: 'function' as const,
  name: 'spawn_agent',
  description: 'Start a sub-agent.',
  strict: false,
  defer_loading: true,
  parameters: {
    type: 'object',
    properties: { task: { type: 'string' } },
    required: ['task'],
    additionalProperties: false,
  },
}

export const OUTPUT: OpenAI.Responses.ResponseToolSearchOutputItem = {
  id: 'tso_1',
  type: 'tool_search_output',
  call_id: 'call_search_1',
  execution: 'client',
  status: 'completed',
  tools: [
    { type: 'namespace', name: 'multi_agent_v1', description: 'Sub-agents.', tools: [SPAWN] },
  ],
}

export const item = (value: object): JsonObject => value as JsonObject

export const user = (text: string): JsonObject => ({
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text }],
})

/** Codex's turn after it ran the search: the model then called the tool the search loaded. */
export const BODY: JsonObject = {
  model: 'gpt-5.5',
  input: [
    user('start an agent'),
    item(CALL),
    item(OUTPUT),
    {
      type: 'function_call',
      id: 'fc_1',
      call_id: 'call_spawn',
      name: 'spawn_agent',
      namespace: 'multi_agent_v1',
      arguments: '{"task":"x"}',
    },
    { type: 'function_call_output', call_id: 'call_spawn', output: 'started' },
    user('thanks'),
  ],
  tools: [
    {
      type: 'tool_search',
      execution: 'client',
      description: 'Find deferred tools.',
      parameters: { type: 'object', properties: { query: { type: 'string' } } },
    },
  ],
}
