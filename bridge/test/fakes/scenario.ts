// Fault-injection scenarios chosen by the model name or the `x-fake-scenario` header.

/** Header a test can set instead of encoding the scenario in the model name. */
export const SCENARIO_HEADER = 'x-fake-scenario'

export interface Scenario {
  /** Answer with this HTTP status and the dialect's error envelope. */
  status?: number
  /** Send the dialect's mid-stream error right after the first delta. */
  midstreamError: boolean
  /** Destroy the socket right after the first delta. */
  drop: boolean
  /** Send the events before the first delta, then nothing until the client leaves. */
  stall: boolean
  /** Send the stream's first event only, then nothing until the client leaves. */
  hangAfterFirst: boolean
  /** Delay between events (or before a JSON answer). */
  slowMs?: number
  /** Delay between a stream's headers and its first event (a model thinking before it streams). */
  leadMs?: number
  /** End the stream without its terminal event. */
  noTerminal: boolean
  /** Insert one malformed `data:` line after the first delta. */
  badJson: boolean
  /** Stream exactly this many text deltas (benchmark load). */
  events?: number
  /** Call two tools at once. */
  parallel: boolean
  /** `call-<tool>`: the model calls this tool when it is offered, instead of its usual pick. */
  call?: string
  /** Tool calls run a command with about 20 KB of output, so a session's context grows fast. */
  bigOutput: boolean
  /** The model's context window in (rough) tokens: a larger prompt gets the upstream's real overflow error. */
  contextLimit?: number
  /** How a Chat server words that overflow: OpenAI's own (default), or a code-less local server's (`overflow-vllm`…). */
  overflowWording?: ChatOverflowWording
}

export type ChatOverflowWording = 'openai' | 'vllm' | 'ollama' | 'llama-cpp'
const WORDINGS: readonly ChatOverflowWording[] = ['vllm', 'ollama', 'llama-cpp']

const token = (name: string): RegExp => new RegExp(`(?:^|[^a-z0-9])${name}(?:$|[^a-z0-9])`, 'i')

/** Scenarios can be combined, e.g. `slow-20,events-50` or a model named `gpt-parallel-slow-5`. */
export function parseScenario(model: string, header: string | string[] | undefined): Scenario {
  const source = `${Array.isArray(header) ? header.join(',') : (header ?? '')} ${model}`
  const num = (name: string): number | undefined => {
    const match = new RegExp(`(?:^|[^a-z0-9])${name}-(\\d+)`, 'i').exec(source)
    return match?.[1] === undefined ? undefined : Number(match[1])
  }
  const scenario: Scenario = {
    midstreamError: token('midstream-error').test(source),
    drop: token('drop').test(source),
    stall: token('stall').test(source),
    hangAfterFirst: token('hang-after-first').test(source),
    noTerminal: token('no-terminal').test(source),
    badJson: token('bad-json').test(source),
    parallel: /parallel/i.test(source),
    bigOutput: token('big-output').test(source),
  }
  const status = num('status')
  if (status !== undefined && status >= 400 && status <= 599) scenario.status = status
  const slowMs = num('slow')
  if (slowMs !== undefined) scenario.slowMs = slowMs
  const leadMs = num('lead')
  if (leadMs !== undefined) scenario.leadMs = leadMs
  const contextLimit = num('context')
  if (contextLimit !== undefined && contextLimit > 0) scenario.contextLimit = contextLimit
  const wording = WORDINGS.find((w) => token(`overflow-${w}`).test(source))
  if (wording !== undefined) scenario.overflowWording = wording
  const call = /(?:^|[^a-z0-9])call-([a-z0-9_]+)/i.exec(source)?.[1]
  if (call !== undefined) scenario.call = call
  const events = num('events')
  if (events !== undefined && events > 0) scenario.events = events
  return scenario
}
