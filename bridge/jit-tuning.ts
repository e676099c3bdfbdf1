// V8's tiering for the process that hosts the gateway: code run once per request is optimized sooner.
import v8 from 'node:v8'

/**
 * V8 optimizes a function once it has used up its interrupt budget (66 KB of bytecode run, by default) a few
 * times, and a big function needs more rounds. Code that runs per event is hot at once; code that runs once
 * per request (Node's HTTP server and client, fastify, the pipeline's set-up and finish) stayed in the
 * interpreter and baseline code for ~3,000 requests, and the bench measures around the 1,000th. A quarter of
 * the budget optimizes it about four times sooner. Measured (anthropic → chat, 20 concurrent 100-event streams,
 * fresh gateways in turns, gateway CPU per request): requests 1,000–3,000 −18…−30 %, the first 3,000 together
 * −5…−17 %, requests 3,000–5,000 unchanged within the noise; RSS with 100 open streams +1–3 MB.
 */
export const GATEWAY_JIT_FLAGS = ['--interrupt-budget=16896'] as const

/** Applies the gateway's tiering settings, before its modules load; SWITCHBOARD_V8_DEFAULTS=1 keeps V8's own. */
export function tuneJitForGateway(): void {
  if (process.env['SWITCHBOARD_V8_DEFAULTS'] === '1') return
  for (const flag of GATEWAY_JIT_FLAGS) v8.setFlagsFromString(flag)
}
