// The two undici classes the upstream client uses, loaded without the rest of the package, and the V8 setting
// its llhttp WebAssembly parser is compiled with.
import { createRequire } from 'node:module'
import { setFlagsFromString } from 'node:v8'
import type * as Undici from 'undici'

/*
 * Memory, measured with 100 open streams on a gateway warmed by 1,000 requests (RSS, MB; node:http 102–103):
 * the package root (fetch, WebSocket, caches, mocks: 111 modules) held 115–118; only the agent and client (24
 * modules) 111–112; and with llhttp kept on Liftoff, V8's baseline wasm tier, 105.6–107.3. TurboFan's
 * optimized copy of the parser cost ~5 MB of code and compiler memory the process keeps. The flag is read when
 * the module is compiled (undici does so at its first connection), and nothing else in the gateway runs wasm.
 */
setFlagsFromString('--liftoff-only')

const load = createRequire(import.meta.url)
export const Agent = load('undici/lib/dispatcher/agent.js') as typeof Undici.Agent
export const Client = load('undici/lib/dispatcher/client.js') as typeof Undici.Client
