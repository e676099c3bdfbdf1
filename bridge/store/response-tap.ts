// Watches what a Responses client receives (stream frames or one JSON answer) and keeps the final response,
// with the ids the client saw, before the client can refer to it.
import type { JsonObject } from '../protocol/canonical/json.js'
import { isJsonObject } from '../protocol/canonical/json.js'
import type { NewItem, ResponseStore } from './response-store.js'
import { parseJson } from '../protocol/canonical/read-json.js'

export interface PendingRecord {
  owner: string
  context: NewItem[]
  previousResponseId?: string
}

/** Only these carry the whole response; parsing stays off the hot path of text deltas. */
const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete'])
const TYPE_OF = /"type"\s*:\s*"(response\.(?:completed|incomplete|output_item\.done))"/

export class ResponseTap {
  private readonly doneItems: JsonObject[] = []
  private recorded = false

  constructor(
    private readonly store: ResponseStore,
    private readonly pending: PendingRecord,
    private readonly note: (text: string) => void,
  ) {}

  /** One SSE frame as the client gets it; upstreams that omit `event:` are recognised by the data's type. */
  frame(event: string | undefined, data: string): void {
    if (this.recorded) return
    const type = event ?? TYPE_OF.exec(data)?.[1]
    if (type !== 'response.output_item.done' && (type === undefined || !FINAL_EVENTS.has(type)))
      return
    const payload = parse(data)
    if (!payload) return
    if (type === 'response.output_item.done') {
      if (isJsonObject(payload['item'])) this.doneItems.push(payload['item'])
      return
    }
    if (isJsonObject(payload['response'])) this.record(payload['response'])
  }

  /** A non-streaming answer with HTTP 200. */
  json(text: string): void {
    if (this.recorded) return
    const payload = parse(text)
    if (payload?.['object'] === 'response') this.record(payload)
  }

  private record(response: JsonObject): void {
    this.recorded = true
    const id = response['id']
    const status = response['status']
    if (typeof id !== 'string' || (status !== 'completed' && status !== 'incomplete')) return
    const { output, ...envelope } = response
    // The ChatGPT backend and some servers send response.completed with an empty output; the done items count.
    const items =
      Array.isArray(output) && output.length > 0 ? output.filter(isJsonObject) : this.doneItems
    const outputItems = items.flatMap((item) =>
      typeof item['id'] === 'string' ? [{ id: item['id'], item }] : [],
    )
    if (outputItems.length < items.length)
      this.note(
        'response store: output items without an id cannot be referenced later; kept without them',
      )
    const result = this.store.put({
      id,
      owner: this.pending.owner,
      envelope: {
        ...envelope,
        store: true,
        previous_response_id: this.pending.previousResponseId ?? null,
      },
      input: this.pending.context,
      output: outputItems,
      ...(this.pending.previousResponseId !== undefined
        ? { previousResponseId: this.pending.previousResponseId }
        : {}),
    })
    if (result.ok) {
      this.note(
        `response store: kept ${id} (${this.pending.context.length} input items, ${outputItems.length} output items)`,
      )
    } else {
      this.note(
        `response store: ${id} NOT kept: its conversation needs ${(result.bytes / 1048576).toFixed(1)} MB, more than responseStore.maxMb allows; a later previous_response_id to it gets a 404-style error`,
      )
    }
  }
}

function parse(text: string): JsonObject | undefined {
  try {
    const value: unknown = parseJson(text)
    return isJsonObject(value) ? value : undefined
  } catch {
    return undefined
  }
}
