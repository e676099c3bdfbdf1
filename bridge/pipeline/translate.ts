// The translating path: canonical request → the provider's dialect → its events → the client's dialect.
import type { ProviderSettings } from '../config/schema.js'
import type { CanonicalRequest } from '../protocol/canonical/request.js'
import type { EncodeRequestOptions, StreamEncoder } from '../protocol/codec.js'
import { codecFor } from '../protocol/registry.js'
import type { Route } from '../routing/route-model.js'
import type { Provider } from '../upstream/provider.js'
import { deliver, emitFrames } from './deliver.js'
import { applyRouteEffort } from './effort.js'
import type { ExchangeContext } from './exchange-context.js'
import { filterCanonical } from './request-filters.js'
import { shortenToolNames } from './tool-names.js'
import { openUpstream, translatedSource } from './upstream-source.js'
import { startWatchdog } from './watchdog.js'

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
  canonical: CanonicalRequest,
): Promise<void> {
  const { exchange, deps } = ctx
  const upstreamCodec = codecFor(provider.dialect)
  const notes = filterCanonical(canonical, ctx.settings.filters, provider.dialect)
  applyRouteEffort(canonical, route.effort)
  const names = shortenToolNames(canonical)
  const encoded = upstreamCodec.encodeRequest(
    { ...canonical, model: route.upstreamModel, stream: true },
    encodeOptions(route.provider),
  )
  for (const n of [...notes, ...encoded.notes]) exchange.note(`${n.code}: ${n.message}`)

  const encoder: StreamEncoder | undefined = canonical.stream
    ? codecFor(ctx.dialect).createStreamEncoder({
        ...deps.ctx,
        model: canonical.model,
        request: canonical,
      })
    : undefined
  const watchdog = startWatchdog(
    ctx,
    encoder ? () => emitFrames(ctx, encoder.keepalive()) : undefined,
    provider.idleTimeout,
  )
  try {
    const reply = await openUpstream(ctx, provider, route, encoded.body, canonical)
    watchdog.touch()
    const source = await translatedSource(ctx, reply, upstreamCodec, canonical)
    await deliver(ctx, source, { encoder, canonical, names, watchdog })
  } finally {
    watchdog.stop()
  }
}
