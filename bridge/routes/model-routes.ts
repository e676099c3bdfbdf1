// The three inbound model APIs and Anthropic's count_tokens; thin: all work happens in the pipeline.
import type { FastifyInstance } from 'fastify'
import { estimateInputTokens } from '../pipeline/count-tokens.js'
import type { GatewayDeps } from '../pipeline/exchange-context.js'
import { handleModelRequest } from '../pipeline/handle-exchange.js'
import { isJsonObject } from '../protocol/canonical/json.js'
import { codecFor } from '../protocol/registry.js'

export function registerModelRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  for (const path of ['/v1/messages', '/messages']) {
    app.post(path, { config: { dialect: 'anthropic-messages' } }, (req, reply) => handleModelRequest(deps, 'anthropic-messages', req, reply))
  }
  for (const path of ['/v1/responses', '/responses']) {
    app.post(path, { config: { dialect: 'openai-responses' } }, (req, reply) => handleModelRequest(deps, 'openai-responses', req, reply))
  }
  for (const path of ['/v1/chat/completions', '/chat/completions']) {
    app.post(path, { config: { dialect: 'openai-chat' } }, (req, reply) => handleModelRequest(deps, 'openai-chat', req, reply))
  }
  for (const path of ['/v1/messages/count_tokens', '/messages/count_tokens']) {
    app.post(path, { config: { dialect: 'anthropic-messages' } }, async (req) => {
      // count_tokens bodies carry no max_tokens; the decoder wants one.
      const body = isJsonObject(req.body) ? { max_tokens: 1, ...req.body, stream: false } : req.body
      const canonical = codecFor('anthropic-messages').decodeRequest(body)
      return { input_tokens: await estimateInputTokens(canonical) }
    })
  }
}
