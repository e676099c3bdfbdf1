// The OpenAI API's own wording for ids the store does not hold, so clients that match on it react as they would there.
import { ProtocolError } from '../protocol/canonical/errors.js'

/** POST /v1/responses with an unknown previous_response_id: 400, code previous_response_not_found. */
export function previousResponseNotFound(id: string): ProtocolError {
  return new ProtocolError({
    kind: 'invalid_request',
    status: 400,
    message: `Previous response with id '${id}' not found.`,
    param: 'previous_response_id',
    code: 'previous_response_not_found',
  })
}

/** An item_reference to an item the store does not hold: 404, param input. */
export function itemNotFound(id: string): ProtocolError {
  return new ProtocolError({
    kind: 'invalid_request',
    status: 404,
    message: `Item with id '${id}' not found.`,
    param: 'input',
  })
}

/** GET, DELETE or input_items for a response the store does not hold: 404. */
export function responseNotFound(id: string): ProtocolError {
  return new ProtocolError({
    kind: 'invalid_request',
    status: 404,
    message: `Response with id '${id}' not found.`,
  })
}

export function storeOff(param: string): ProtocolError {
  return new ProtocolError({
    kind: 'invalid_request',
    message: `${param} needs Switchboard's response store, which is turned off (setting responseStore.enabled); send the whole conversation in \`input\` instead.`,
    param,
  })
}
