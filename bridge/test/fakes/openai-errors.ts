// OpenAI error envelope, auth and scenario statuses shared by the Responses and Chat fakes (§2.6).
import type { OutgoingHttpHeaders } from 'node:http'
import { bearer, sendJson } from './http-harness.js'
import type { Exchange } from './http-harness.js'
import type { Obj } from './json-guards.js'

export function openaiError(
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null,
): Obj {
  return { error: { message, type, param, code } }
}

export function openaiHeaders(ex: Exchange): OutgoingHttpHeaders {
  return {
    'x-request-id': `req_fake${String(ex.serial).padStart(24, '0')}`,
    'openai-version': '2020-10-01',
    'openai-processing-ms': '1',
  }
}

/** Sends 401 unless `Authorization: Bearer` carries the fake's key; true when it did. */
export function checkBearer(ex: Exchange): boolean {
  const token = bearer(ex.req.headers)
  if (token === ex.apiKey) return true
  const message =
    token === undefined
      ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
      : `Incorrect API key provided: ${token.slice(0, 3)}***${token.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`
  const code = token === undefined ? null : 'invalid_api_key'
  sendJson(
    ex.res,
    401,
    openaiError(message, 'invalid_request_error', null, code),
    openaiHeaders(ex),
  )
  return false
}

export function sendBadRequest(ex: Exchange, error: Obj): void {
  sendJson(ex.res, 400, error, openaiHeaders(ex))
}

/** The `status-<code>` scenario: the status with the body OpenAI sends for it. */
export function sendScenarioStatus(ex: Exchange, status: number, model: string): void {
  const headers: OutgoingHttpHeaders = openaiHeaders(ex)
  if (status === 429) headers['retry-after'] = '7'
  sendJson(ex.res, status, statusBody(status, model), headers)
}

function statusBody(status: number, model: string): Obj {
  switch (status) {
    case 400:
      return openaiError('fake scenario status-400', 'invalid_request_error')
    case 401:
      return openaiError(
        'Incorrect API key provided.',
        'invalid_request_error',
        null,
        'invalid_api_key',
      )
    case 403:
      return openaiError(
        'You are not allowed to access this resource.',
        'permission_error',
        null,
        'permission_denied',
      )
    case 404:
      return openaiError(
        `The model \`${model}\` does not exist or you do not have access to it.`,
        'invalid_request_error',
        null,
        'model_not_found',
      )
    case 413:
      return openaiError('Request too large.', 'invalid_request_error', null, 'request_too_large')
    case 429:
      return openaiError(
        `Rate limit reached for ${model}. Please try again in 7s.`,
        'requests',
        null,
        'rate_limit_exceeded',
      )
    case 500:
      return openaiError(
        'The server had an error while processing your request. Sorry about that!',
        'server_error',
      )
    case 503:
      return openaiError(
        'The engine is currently overloaded, please try again later',
        'server_error',
        null,
        'service_unavailable',
      )
    default:
      return openaiError(
        `fake scenario status-${status}`,
        status >= 500 ? 'server_error' : 'invalid_request_error',
      )
  }
}

export function listOpenAIModels(ex: Exchange, models: string[]): void {
  const data = models.map((id) => ({
    id,
    object: 'model',
    created: 1754425777,
    owned_by: 'openai',
  }))
  sendJson(ex.res, 200, { object: 'list', data }, openaiHeaders(ex))
}
