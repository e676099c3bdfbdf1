// The offer to import chatgpt-codex-proxy's sign-in (its tokens.json, plain text) into the keychain account pool,
// as `switchboard login --import-proxy` does; then the offer to delete the plain file. Never deleted unasked.
import { useEffect, useState } from 'react'
import type { ProxyTokensOffer } from '../../../bridge/control/contract/accounts.js'
import { useClient } from '../api/client-context.js'
import { Card, Notice } from '../components/page.js'
import { useAsyncAction } from '../lib/use-async.js'
import { useAppState } from '../state/app-state.js'

export function ProxyTokensCard() {
  const client = useClient()
  const { setAuth } = useAppState()
  const [offer, setOffer] = useState<ProxyTokensOffer | null>(null)
  const [step, setStep] = useState<'offer' | 'imported' | 'deleted'>('offer')
  useEffect(() => {
    let live = true
    client.proxyTokensOffer().then(
      (o) => live && setOffer(o),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [client])
  const importIt = useAsyncAction(async () => {
    setAuth(await client.importProxyTokens({ deleteFile: false }))
    setStep('imported')
  })
  const deleteIt = useAsyncAction(async () => {
    setAuth(await client.importProxyTokens({ deleteFile: true }))
    setStep('deleted')
  })
  if (!offer) return null
  const who = offer.email ?? offer.accountId
  return (
    <Card title="Sign-in found from chatgpt-codex-proxy">
      {step === 'deleted' ? (
        <Notice tone="ok" title="Deleted">
          <p>
            <code>{offer.path}</code> is gone; your sign-in is kept in the system keychain.
          </p>
        </Notice>
      ) : step === 'imported' ? (
        <>
          <Notice tone="ok" title="Imported">
            <p>
              The sign-in{who ? ` of ${who}` : ''} is now in the system keychain. Switchboard renews
              it from now on, so the copy in <code>{offer.path}</code> goes stale and still holds
              your tokens in plain text.
            </p>
          </Notice>
          {deleteIt.error && <Notice tone="error">{deleteIt.error}</Notice>}
          <div className="row">
            <button
              type="button"
              className="btn btn-danger"
              disabled={deleteIt.busy}
              onClick={() => void deleteIt.run()}
            >
              {deleteIt.busy ? 'Deleting…' : 'Delete the plain-text file'}
            </button>
          </div>
        </>
      ) : offer.problem ? (
        <Notice tone="warn" title={`${offer.path} cannot be imported`}>
          <p>{offer.problem}</p>
        </Notice>
      ) : (
        <>
          <p>
            Found <code>{offer.path}</code>
            {who ? `, signed in as ${who}` : ''}. Import it to use this account here without signing
            in again; the tokens go into the system keychain.
          </p>
          {importIt.error && <Notice tone="error">{importIt.error}</Notice>}
          <div className="row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={importIt.busy}
              onClick={() => void importIt.run()}
            >
              {importIt.busy ? 'Importing…' : 'Import'}
            </button>
          </div>
        </>
      )}
    </Card>
  )
}
