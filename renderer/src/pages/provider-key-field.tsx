// Write-only API key input: sends the key to the keychain via setProviderKey and clears itself.
import { useId, useState } from 'react'
import { useClient } from '../api/client-context.js'
import { useAsyncAction } from '../lib/use-async.js'

export function ProviderKeyField({ providerId, secretName, onStored }: {
  providerId: string
  secretName: string | undefined
  onStored: (secretName: string) => void
}) {
  const client = useClient()
  const id = useId()
  const [key, setKey] = useState('')
  const [stored, setStored] = useState(false)
  const store = useAsyncAction(async () => {
    const result = await client.setProviderKey({ id: providerId, key })
    setKey('')
    setStored(true)
    onStored(result.secretName)
  })
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>API key</label>
      <div className="field-control">
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            if (key.trim() !== '') void store.run()
          }}
        >
          <input
            id={id}
            className="input mono"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={secretName ? 'Stored — type to replace' : 'Paste the key'}
            value={key}
            onChange={(e) => {
              setKey(e.target.value)
              setStored(false)
            }}
          />
          <button type="submit" className="btn" disabled={key.trim() === '' || store.busy}>Store key</button>
        </form>
        <p className="field-hint" aria-live="polite">
          {store.error
            ? <span className="text-error">{store.error}</span>
            : stored
              ? 'Key stored in the system keychain.'
              : secretName
                ? <>A key is stored as <code>{secretName}</code>. It is never shown again.</>
                : 'Kept in the system keychain, never in the settings file.'}
        </p>
      </div>
    </div>
  )
}
