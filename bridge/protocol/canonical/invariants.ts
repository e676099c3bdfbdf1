// Checks that a canonical event stream is well formed: used by tests on every decoder's output.
import type { CanonicalEvent } from './events.js'

/** Returns the list of violations; an empty list means the stream is well formed. */
export function checkWellFormed(events: readonly CanonicalEvent[]): string[] {
  const problems: string[] = []
  let started = false
  let ended = false
  let open: number | undefined
  let next = 0
  events.forEach((e, i) => {
    const at = `event ${i} (${e.type})`
    if (ended) problems.push(`${at}: after the terminal event`)
    if (e.type !== 'message_start' && e.type !== 'error' && e.type !== 'rate_limits' && !started)
      problems.push(`${at}: before message_start`)
    switch (e.type) {
      case 'message_start':
        if (started) problems.push(`${at}: second message_start`)
        started = true
        break
      case 'block_start':
        if (open !== undefined) problems.push(`${at}: block ${open} still open`)
        if (e.index !== next) problems.push(`${at}: index ${e.index}, expected ${next}`)
        open = e.index
        next = e.index + 1
        break
      case 'text_delta':
      case 'reasoning_delta':
      case 'tool_args_delta':
      case 'citation':
        if (open !== e.index)
          problems.push(`${at}: delta for block ${e.index}, open is ${String(open)}`)
        break
      case 'block_stop':
        if (open !== e.index)
          problems.push(`${at}: stop for block ${e.index}, open is ${String(open)}`)
        open = undefined
        break
      case 'usage':
      case 'rate_limits':
        break
      case 'message_stop':
        if (open !== undefined) problems.push(`${at}: block ${open} still open`)
        ended = true
        break
      case 'error':
        ended = true
        break
    }
  })
  if (!ended) problems.push('stream has no terminal event (message_stop or error)')
  return problems
}
