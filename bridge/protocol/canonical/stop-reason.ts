// Stop reasons: the canonical set and the one table that maps it to and from each dialect (wire-protocols §4.6).

export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'refusal'
  | 'pause_turn'
  | 'context_window_exceeded'

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter'
export type ResponsesOutcome =
  { status: 'completed' } | { status: 'incomplete'; reason: 'max_output_tokens' | 'content_filter' }

export function stopReasonToAnthropic(r: StopReason): string {
  switch (r) {
    case 'context_window_exceeded':
      return 'model_context_window_exceeded'
    case 'end_turn':
    case 'max_tokens':
    case 'stop_sequence':
    case 'tool_use':
    case 'refusal':
    case 'pause_turn':
      return r
  }
}

/** Unknown values fall back to `end_turn`; the caller logs them. */
export function stopReasonFromAnthropic(value: unknown): StopReason {
  switch (value) {
    case 'end_turn':
    case 'max_tokens':
    case 'stop_sequence':
    case 'tool_use':
    case 'refusal':
    case 'pause_turn':
      return value
    case 'model_context_window_exceeded':
      return 'context_window_exceeded'
    default:
      return 'end_turn'
  }
}

export function stopReasonToChat(r: StopReason): ChatFinishReason {
  switch (r) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop'
    case 'max_tokens':
    case 'context_window_exceeded':
      return 'length'
    case 'tool_use':
      return 'tool_calls'
    case 'refusal':
      return 'content_filter'
  }
}

/** A tool call seen in the stream wins over the finish value (Ollama sends `stop` with tool calls). */
export function stopReasonFromChat(value: unknown, sawToolCall: boolean): StopReason {
  if (sawToolCall) return 'tool_use'
  switch (value) {
    case 'length':
      return 'max_tokens'
    case 'tool_calls':
    case 'function_call':
      return 'tool_use'
    case 'content_filter':
      return 'refusal'
    default:
      return 'end_turn'
  }
}

export function stopReasonToResponses(r: StopReason): ResponsesOutcome {
  switch (r) {
    case 'end_turn':
    case 'stop_sequence':
    case 'tool_use':
    case 'pause_turn':
      return { status: 'completed' }
    case 'max_tokens':
    case 'context_window_exceeded':
      return { status: 'incomplete', reason: 'max_output_tokens' }
    case 'refusal':
      return { status: 'incomplete', reason: 'content_filter' }
  }
}

export function stopReasonFromResponses(
  status: unknown,
  reason: unknown,
  sawToolCall: boolean,
): StopReason {
  if (status === 'incomplete') return reason === 'content_filter' ? 'refusal' : 'max_tokens'
  return sawToolCall ? 'tool_use' : 'end_turn'
}
