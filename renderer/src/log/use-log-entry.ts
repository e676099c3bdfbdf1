// Loads one full exchange and keeps it current from the live events while it is shown.
import { useEffect, useState } from 'react'
import type { ExchangeEntry } from '../../../bridge/control/contract/exchange.js'
import { errorText } from '../api/control-error.js'
import { useClient } from '../api/client-context.js'
import { useLogStore } from './live-log.js'

export type EntryState =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'error'; message: string }
  | { status: 'ready'; entry: ExchangeEntry }

export function useLogEntry(id: string): EntryState {
  const client = useClient()
  const store = useLogStore()
  const [state, setState] = useState<EntryState>({ status: 'loading' })
  const [fetches, setFetches] = useState(0)

  useEffect(() => {
    let live = true
    setState((s) => (s.status === 'ready' && s.entry.id === id ? s : { status: 'loading' }))
    client
      .logEntry({ id })
      .then((entry) => {
        if (live) setState(entry ? { status: 'ready', entry } : { status: 'missing' })
      })
      .catch((e: unknown) => {
        if (live) setState({ status: 'error', message: errorText(e) })
      })
    return () => {
      live = false
    }
  }, [client, id, fetches])

  useEffect(
    () =>
      store.onApplied((events) => {
        setState((s) => {
          if (s.status !== 'ready') return s
          let entry = s.entry
          for (const e of events) {
            if (e.type === 'log:frames' && e.id === id)
              entry = { ...entry, frames: [...entry.frames, ...e.frames] }
            else if (e.type === 'log:updated' && e.entry.id === id) {
              const { frameCount: _count, ...fields } = e.entry
              entry = { ...entry, ...fields }
            }
          }
          return entry === s.entry ? s : { status: 'ready', entry }
        })
        // Bodies such as the client response are only complete once the exchange ends.
        if (
          events.some(
            (e) => e.type === 'log:updated' && e.entry.id === id && e.entry.state !== 'active',
          )
        ) {
          setFetches((n) => n + 1)
        }
      }),
    [store, id],
  )
  return state
}
