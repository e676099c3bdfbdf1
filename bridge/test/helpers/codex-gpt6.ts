// The recorded Codex 0.169 gpt-6-sol request and the tool names its additional_tools item offers.
import type { JsonObject } from '../../protocol/canonical/json.js'
import { captureBodies } from './captures.js'

const [body] = captureBodies('codex-responses-gpt6-sol')
if (!body) throw new Error('missing capture codex-responses-gpt6-sol')
export const GPT6: JsonObject = body

/** Every tool of the item's namespaces, in order. */
export const CODEX_TOOLS = [
  'exec',
  'wait',
  'request_user_input',
  'request_user_input_async',
  'sleep',
  'followup_task',
  'interrupt_agent',
  'list_agents',
  'send_message',
  'spawn_agent',
  'wait_agent',
]
