// The accumulated, non-streaming form of an assistant answer: what every non-stream client receives.
import type { AssistantPart } from './request.js'
import type { StopReason } from './stop-reason.js'
import type { Usage } from './usage.js'

export interface CanonicalResponse {
  id: string
  model: string
  content: AssistantPart[]
  stopReason: StopReason
  stopSequence?: string
  usage: Usage
}
