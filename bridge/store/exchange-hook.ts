// The store's one hook into the pipeline: before routing it resolves stored references in a Responses body,
// and it taps the answer so the final response is kept. Knows no provider; every upstream gets the full input.
import type { RequestHook } from '../pipeline/exchange-context.js'
import { isJsonObject, type JsonObject } from '../protocol/canonical/json.js'
import { ProtocolError } from '../protocol/canonical/errors.js'
import { resolveRequest } from './resolve-request.js'
import { ownerOf, type ResponseStore } from './response-store.js'
import { ResponseTap } from './response-tap.js'

export function responseStoreHook(
  store: ResponseStore,
  newId: (prefix: string) => string,
): RequestHook {
  return {
    dialect: 'openai-responses',
    prepare({ dialect, body, accessKey, note }) {
      // With the store off, the body goes on untouched: the decoder (or a Responses upstream) answers as before.
      if (dialect !== 'openai-responses' || !isJsonObject(body) || !store.enabled) return { body }
      const owner = ownerOf(accessKey ?? '')
      let resolved
      try {
        resolved = resolveRequest(body, { store, owner, newId })
      } catch (err) {
        const previous = body['previous_response_id']
        if (
          err instanceof ProtocolError &&
          err.error.code === 'previous_response_not_found' &&
          typeof previous === 'string'
        ) {
          note(
            `response store: ${previous} is not held (${store.whyGone(previous) ?? 'never stored here, or stored under another access key'})`,
          )
        }
        throw err
      }
      const { previousResponseId, references } = resolved
      if (previousResponseId !== undefined || references > 0) {
        const parts = [
          ...(previousResponseId !== undefined
            ? [`previous_response_id ${previousResponseId}`]
            : []),
          ...(references > 0 ? [`${references} item_reference${references === 1 ? '' : 's'}`] : []),
        ]
        note(
          `response store: resolved ${parts.join(' and ')}; the upstream gets the full input (${resolved.context.length} items)`,
        )
      }
      const echo: JsonObject =
        previousResponseId !== undefined ? { previous_response_id: previousResponseId } : {}
      // store:false stays stateless: references still resolve (as on OpenAI), nothing new is kept.
      if (body['store'] === false) return { body: resolved.body, echo }
      const pending = {
        owner,
        context: resolved.context,
        ...(previousResponseId !== undefined ? { previousResponseId } : {}),
      }
      // Said out loud, so the answer echoes store:true (a Responses upstream defaults to it anyway).
      return {
        body: { ...resolved.body, store: true },
        tap: new ResponseTap(store, pending, note),
        echo,
      }
    },
  }
}
