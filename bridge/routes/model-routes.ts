// The three inbound model APIs and Anthropic's count_tokens; thin: all work happens in the pipeline.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { rejectInDialect } from './guard.js'
import { estimateInputTokens } from '../pipeline/count-tokens.js'
import type { GatewayDeps } from '../pipeline/exchange-context.js'
import { handleModelRequest } from '../pipeline/handle-exchange.js'
import { isJsonObject } from '../protocol/canonical/json.js'
import { codecFor } from '../protocol/registry.js'

/**
 * count_tokens bodies are parsed and tokenized here rather than by the upstream, so they get their own bound:
 * far above a 1M-token conversation (~4 MB of text), far below the seconds of work a 40 MB one costs.
 */
export const COUNT_TOKENS_LIMIT_MB = 16

function countTokensTooLarge(
  this: FastifyInstance,
  err: FastifyError,
  req: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (err.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw err
  return rejectInDialect(req, reply, {
    kind: 'request_too_large',
    message: `count_tokens takes bodies up to ${COUNT_TOKENS_LIMIT_MB} MB; this one is larger. Count a smaller request, or send it to /v1/messages (limit server.bodyLimitMb).`,
  })
}

export function registerModelRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  for (const path of ['/v1/messages', '/messages']) {
    app.post(path, { config: { dialect: 'anthropic-messages' } }, (req, reply) =>
      handleModelRequest(deps, 'anthropic-messages', req, reply),
    )
  }
  for (const path of ['/v1/responses', '/responses']) {
    app.post(path, { config: { dialect: 'openai-responses' } }, (req, reply) =>
      handleModelRequest(deps, 'openai-responses', req, reply),
    )
  }
  for (const path of ['/v1/chat/completions', '/chat/completions']) {
    app.post(path, { config: { dialect: 'openai-chat' } }, (req, reply) =>
      handleModelRequest(deps, 'openai-chat', req, reply),
    )
  }
  const countLimit = COUNT_TOKENS_LIMIT_MB * 1024 * 1024
  for (const path of ['/v1/messages/count_tokens', '/messages/count_tokens']) {
    app.post(
      path,
      {
        config: { dialect: 'anthropic-messages' },
        bodyLimit: countLimit,
        errorHandler: countTokensTooLarge,
      },
      async (req) => {
        // count_tokens bodies carry no max_tokens; the decoder wants one.
        const body = isJsonObject(req.body)
          ? { max_tokens: 1, ...req.body, stream: false }
          : req.body
        const canonical = codecFor('anthropic-messages').decodeRequest(body)
        return { input_tokens: await estimateInputTokens(canonical) }
      },
    )
  }
}
