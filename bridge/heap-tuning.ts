// V8 heap settings for the process that hosts the gateway, applied at run time so every launcher gets them.
import v8 from 'node:v8'

/**
 * A gateway allocates mostly per-event garbage plus a slowly turning request log. With V8's defaults the
 * young generation grows to 32 MB and the old generation to several times its live size, so the process sat
 * at 140–150 MB with 100 open streams although under 45 MB was live. Keeping the young generation at its
 * first size and collecting the old one at 1.3× its live size holds it near 110 MB for about 15 % more CPU
 * per event (npm run bench measures both). Node's own `--max-semi-space-size` would need a command-line
 * flag, which a packaged Electron main process or an npm bin shim cannot always pass; these two flags are
 * read by V8 at every resize, so setting them here, before the gateway's modules load, takes effect.
 */
export const GATEWAY_V8_FLAGS = [
  '--semi-space-growth-factor=1',
  '--heap-growing-percent=30',
] as const

export function tuneHeapForGateway(): void {
  if (process.env['SWITCHBOARD_V8_DEFAULTS'] === '1') return
  for (const flag of GATEWAY_V8_FLAGS) v8.setFlagsFromString(flag)
}
