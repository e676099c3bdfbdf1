// The two undici classes the upstream client uses, loaded without the rest of the package, and the V8 setting
// its llhttp WebAssembly parser is compiled with.
import { createRequire } from 'node:module'
import { setFlagsFromString } from 'node:v8'
import type * as Undici from 'undici'

/*
 * Memory, RSS with 100 open streams on a fresh gateway warmed by 1,000 streamed requests, A/B alternated
 * (node:http 100–103 MB): the package root (fetch, WebSocket, caches, mocks: 111 modules) 115–118; only the
 * agent and client (24 modules) 111–112; and with llhttp kept on Liftoff, V8's baseline wasm tier, 105–108
 * (on main after the 4 MB semi-spaces: 98–106 → 103–107). TurboFan's optimized copy of the parser cost ~5 MB
 * of code and compiler memory the process keeps; --wasm-lazy-compilation saved nothing more. The flag is read
 * when the module is compiled (undici does so at its first connection; set here or on the command line, the
 * same figures), and nothing else in the gateway runs wasm. Streamed CPU with Liftoff stayed −17 % at p10.
 */
setFlagsFromString('--liftoff-only')

const load = createRequire(import.meta.url)
export const Agent = load('undici/lib/dispatcher/agent.js') as typeof Undici.Agent
export const Client = load('undici/lib/dispatcher/client.js') as typeof Undici.Client
