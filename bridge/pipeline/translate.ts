// The translating path: canonical request → the provider's dialect → its events → the client's dialect.
import type { ProviderSettings } from '../config/schema.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import { mergeAdditionalTools } from '../protocol/canonical/request.js'
import { withContext, type EncodeRequestOptions, type StreamEncoder } from '../protocol/codec.js'
import { codecFor } from '../protocol/registry.js'
import type { Route } from '../routing/route-model.js'
import type { Provider } from '../upstream/provider.js'
import { deliver, emitFrames } from './deliver.js'
import { applyRouteEffort } from './effort.js'
import type { ExchangeContext } from './exchange-context.js'
import { filterCanonical } from './request-filters.js'
import { shortenToolNames } from './tool-names.js'
import { openUpstream, translatedSource } from './upstream-source.js'
import { overflowWatch } from './overflow-watch.js'
import { startWatchdog } from './watchdog.js'
import { sealCompaction } from './compaction/envelope.js'
import {
  asCompactionItem,
  compactsHere,
  summarisationRequest,
} from './compaction/own-compaction.js'

/** How a Chat Completions upstream wants reasoning, token limits and stream usage spelled. */
function encodeOptions(provider: ProviderSettings): EncodeRequestOptions {
  const options: EncodeRequestOptions = {}
  if (provider.chatReasoningField) options.chatReasoningField = provider.chatReasoningField
  if (provider.chatMaxTokensField) options.chatMaxTokensField = provider.chatMaxTokensField
  if (provider.chatStreamOptions !== undefined)
    options.chatStreamOptions = provider.chatStreamOptions
  return options
}

export async function translateExchange(
  ctx: ExchangeContext,
  provider: Provider,
  route: Route,
  request: CanonicalRequest,
): Promise<void> {
  const { exchange, deps } = ctx
  // An upstream without compaction is asked for a summary; the client still gets its compaction item.
  const compacting = compactsHere(request, provider)
  const canonical = compacting ? summarisationRequest(request) : request
  if (compacting)
    exchange.note(
      'compaction: summarised by the upstream, answered with a Switchboard compaction item',
    )
  const upstreamCodec = codecFor(provider.dialect)
  // Only a Responses upstream takes `additional_tools` items; any other is offered their tools in its tool list.
  if (provider.dialect !== 'openai-responses') mergeAdditionalTools(canonical)
  const notes = filterCanonical(canonical, ctx.settings.filters, provider.dialect)
  applyRouteEffort(canonical, route.effort)
  const names = shortenToolNames(canonical)
  const encoded = upstreamCodec.encodeRequest(
    { ...canonical, model: route.upstreamModel, stream: true },
    encodeOptions(route.provider),
  )
  for (const n of [...notes, ...encoded.notes]) exchange.note(`${n.code}: ${n.message}`)

  const encoder: StreamEncoder | undefined = canonical.stream
    ? codecFor(ctx.dialect).createStreamEncoder(
        withContext(deps.ctx, {
          model: request.model,
          request,
          clientHeaders: ctx.request.headers,
        }),
      )
    : undefined
  const watchdog = startWatchdog(
    ctx,
    encoder ? () => emitFrames(ctx, encoder.keepalive()) : undefined,
    provider.idleTimeout,
  )
  const watch =
    encoder && provider.overflowInStream
      ? overflowWatch(canonical, provider.contextWindow?.(route.provider, route.upstreamModel))
      : undefined
  try {
    const reply = await openUpstream(ctx, provider, route, encoded.body, canonical)
    watchdog.touch()
    const source = await translatedSource(ctx, reply, upstreamCodec, canonical)
    const seal = (summary: string): string =>
      sealCompaction(
        { summary, model: route.upstreamModel, created: Math.floor(deps.ctx.now() / 1000) },
        deps.accessKey(),
      )
    await deliver(ctx, compacting ? asCompactionItem(source, seal) : source, {
      encoder,
      canonical: request,
      names,
      watchdog,
      ...(watch ? { overflowWatch: watch } : {}),
    })
  } finally {
    watchdog.stop()
  }
}
