// Which dialect an error on a given request should be written in.
import type { FastifyRequest } from 'fastify'
import type { Dialect } from '../protocol/dialects.js'

export function dialectOfRequest(request: FastifyRequest): Dialect {
  const configured = (request.routeOptions.config as { dialect?: Dialect } | undefined)?.dialect
  if (configured) return configured
  const path = request.url.split('?')[0] ?? ''
  if (path.includes('/messages')) return 'anthropic-messages'
  if (path.includes('/responses')) return 'openai-responses'
  if (path.includes('/chat/completions')) return 'openai-chat'
  return request.headers['anthropic-version'] !== undefined ? 'anthropic-messages' : 'openai-chat'
}
