// The offer to import codex-chat-bridge's conf.toml: what it would change, and the import on click (saved through
// the gateway's validation like every save). The old file itself is never changed.
import { useEffect, useState } from 'react'
import type { BridgeImportOffer } from '../../../bridge/control/contract/settings-views.js'
import { useClient } from '../api/client-context.js'
import { Card, Notice } from '../components/page.js'
import { useAsyncAction } from '../lib/use-async.js'
import { useAppState } from '../state/app-state.js'

/** `firstRunOnly`: shown only while the settings are still the defaults (the overview's first-run offer). */
export function BridgeImportCard({
  dirty = false,
  firstRunOnly = false,
}: {
  dirty?: boolean
  firstRunOnly?: boolean
}) {
  const client = useClient()
  const { settings, setSettings } = useAppState()
  const [offer, setOffer] = useState<BridgeImportOffer | null>(null)
  const [imported, setImported] = useState<string[]>()
  // Asked again whenever the saved settings change: the preview is always against what is saved now.
  useEffect(() => {
    let live = true
    client.bridgeImportOffer().then(
      (o) => live && setOffer(o),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [client, settings])
  const run = useAsyncAction(async () => {
    const changes = offer?.changes ?? []
    const result = await client.importBridgeSettings()
    setSettings(result.settings)
    setImported([...changes, ...result.warnings])
  })
  if (!offer || (firstRunOnly && !offer.firstRun && imported === undefined)) return null
  if (imported === undefined && !offer.problem && offer.changes.length === 0) return null
  return (
    <Card title="Settings from codex-chat-bridge">
      {imported !== undefined ? (
        <Notice tone="ok" title="Imported">
          <p>{offer.source} is now part of your settings; the file itself was not changed.</p>
          {imported.length > 0 && (
            <ul className="import-changes">
              {imported.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          )}
        </Notice>
      ) : offer.problem ? (
        <Notice tone="warn" title={`${offer.source} cannot be imported`}>
          <p>{offer.problem}</p>
        </Notice>
      ) : (
        <>
          <p>
            Found <code>{offer.source}</code>. Importing it would make these changes (the file
            itself is only read, never changed):
          </p>
          <ul className="import-changes" aria-label="Changes the import would make">
            {offer.changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          {offer.notes.length > 0 && (
            <ul className="import-notes dim small" aria-label="Not imported">
              {offer.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {run.error && <Notice tone="error">{run.error}</Notice>}
          <div className="row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={run.busy || dirty}
              onClick={() => void run.run()}
            >
              {run.busy ? 'Importing…' : 'Import these settings'}
            </button>
            {dirty && <span className="dim small">Save or discard your changes first.</span>}
          </div>
        </>
      )}
    </Card>
  )
}
