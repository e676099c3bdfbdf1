// The store's bounds and bookkeeping: count, bytes and age limits, items shared by a chain counted once,
// scoping to the access key, and why an id is gone.
import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../protocol/canonical/json.js'
import { resolveRequest } from '../../store/resolve-request.js'
import { ownerOf, ResponseStore, type StoreLimits } from '../../store/response-store.js'

const ALICE = ownerOf('sb-alice')
const BOB = ownerOf('sb-bob')

function harness(patch: Partial<StoreLimits> = {}) {
  const limits: StoreLimits = {
    enabled: true,
    maxResponses: 100,
    maxMb: 1,
    ttlHours: 1,
    persist: false,
    ...patch,
  }
  let clock = 1_000_000
  let serial = 0
  const store = new ResponseStore(
    () => limits,
    () => clock,
  )
  const newId = (prefix: string): string => `${prefix}${++serial}`
  /** One exchange as the pipeline runs it: resolve the request, then keep the answer. */
  const turn = (body: JsonObject, text: string, owner = ALICE): string => {
    const resolved = resolveRequest(body, { store, owner, newId })
    const id = newId('resp_')
    const item = {
      id: newId('msg_'),
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text }],
    }
    const result = store.put({
      id,
      owner,
      envelope: { id, object: 'response' },
      input: resolved.context,
      output: [{ id: item.id, item }],
      ...(resolved.previousResponseId ? { previousResponseId: resolved.previousResponseId } : {}),
    })
    if (!result.ok) throw new Error('not kept')
    return id
  }
  return { store, limits, turn, newId, advance: (ms: number) => (clock += ms) }
}

describe('response store', () => {
  it('keeps a previous_response_id chain as items shared between turns, each counted once', () => {
    const { store, turn } = harness()
    const first = turn({ model: 'm', input: 'hello' }, 'hi there')
    const afterOne = store.stats().bytes
    const second = turn({ model: 'm', previous_response_id: first, input: 'again' }, 'hi again')
    const chain = store.getResponse(second, ALICE)
    expect(chain?.input.map((i) => i.item['type'])).toEqual(['message', 'message', 'message'])
    expect(chain?.input[0]).toBe(store.getResponse(first, ALICE)?.input[0])
    // The second turn adds its envelope and its own two items, not a copy of the first turn.
    const own = (chain?.input[2]?.bytes ?? 0) + (chain?.output[0]?.bytes ?? 0)
    expect(store.stats().bytes - afterOne).toBe((chain?.bytes ?? 0) + own)
    expect(store.stats().items).toBe(4)
  })

  it('evicts the oldest response beyond maxResponses; items a newer turn holds stay resolvable', () => {
    const { store, turn } = harness({ maxResponses: 2 })
    const a = turn({ model: 'm', input: 'one' }, 'answer one')
    const outputOfA = store.getResponse(a, ALICE)?.output[0]?.id ?? ''
    const b = turn({ model: 'm', previous_response_id: a, input: 'two' }, 'answer two')
    turn({ model: 'm', previous_response_id: b, input: 'three' }, 'answer three')
    expect(store.getResponse(a, ALICE)).toBeUndefined()
    expect(store.whyGone(a)).toBe('evicted')
    expect(store.getItem(outputOfA, ALICE)?.item['content']).toEqual([
      { type: 'output_text', text: 'answer one' },
    ])
    expect(store.stats().responses).toBe(2)
  })

  it('evicts by bytes, and refuses a response that alone is larger than the store', () => {
    const { store, turn } = harness({ maxMb: 0.01 })
    const big = 'x'.repeat(4000)
    const a = turn({ model: 'm', input: big }, 'a')
    turn({ model: 'm', input: big }, 'b')
    turn({ model: 'm', input: big }, 'c')
    expect(store.getResponse(a, ALICE)).toBeUndefined()
    expect(store.stats().bytes).toBeLessThanOrEqual(0.01 * 1024 * 1024)
    expect(() => turn({ model: 'm', input: 'y'.repeat(20_000) }, 'd')).toThrow('not kept')
  })

  it('expires responses after ttlHours; a chain continued in time lives on in its newest turn', () => {
    const { store, turn, advance } = harness({ ttlHours: 1 })
    const a = turn({ model: 'm', input: 'early' }, 'first')
    advance(50 * 60_000)
    const b = turn({ model: 'm', previous_response_id: a, input: 'later' }, 'second')
    advance(20 * 60_000)
    expect(store.getResponse(a, ALICE)).toBeUndefined()
    expect(store.whyGone(a)).toBe('expired')
    expect(store.getResponse(b, ALICE)?.input.map((i) => i.item['content'])).toHaveLength(3)
    advance(60 * 60_000)
    expect(store.getResponse(b, ALICE)).toBeUndefined()
    expect(store.stats()).toEqual({ responses: 0, items: 0, bytes: 0 })
  })

  it('another access key sees nothing: responses and items read as unknown', () => {
    const { store, turn } = harness()
    const a = turn({ model: 'm', input: 'private' }, 'secret answer')
    const item = store.getResponse(a, ALICE)?.output[0]?.id ?? ''
    expect(store.getResponse(a, BOB)).toBeUndefined()
    expect(store.getItem(item, BOB)).toBeUndefined()
    expect(store.delete(a, BOB)).toBe(false)
    expect(() => turn({ model: 'm', previous_response_id: a, input: 'x' }, 'y', BOB)).toThrow(
      `Previous response with id '${a}' not found.`,
    )
    expect(() =>
      turn({ model: 'm', input: [{ type: 'item_reference', id: item }] }, 'y', BOB),
    ).toThrow(`Item with id '${item}' not found.`)
  })

  it('resolves references in place and lists input items with ids, string content as parts', () => {
    const { store, turn, newId } = harness()
    const a = turn({ model: 'm', input: [{ role: 'user', content: 'hi' }] }, 'hello')
    const msg = store.getResponse(a, ALICE)?.output[0]?.id ?? ''
    const resolved = resolveRequest(
      {
        model: 'm',
        input: [
          { role: 'user', content: 'hi' },
          { id: msg },
          { type: 'function_call_output', call_id: 'c1', output: 'ok' },
        ],
      },
      { store, owner: ALICE, newId },
    )
    expect(resolved.references).toBe(1)
    expect(resolved.body['input']).toEqual([
      { role: 'user', content: 'hi' },
      {
        id: msg,
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'hello' }],
      },
      { type: 'function_call_output', call_id: 'c1', output: 'ok' },
    ])
    const [user, , output] = resolved.context
    expect(user).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    })
    expect(output).toMatchObject({ id: expect.stringMatching(/^item_/) })
  })

  it('leaves a body that refers to nothing stored exactly as the client sent it', () => {
    const { store, newId } = harness()
    const body = { model: 'm', input: 'plain', store: true }
    expect(resolveRequest(body, { store, owner: ALICE, newId }).body).toBe(body)
  })
})
