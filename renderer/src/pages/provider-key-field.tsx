// Write-only API key input: sends the key to the keychain and clears itself. For a provider not saved yet the key
// waits in the draft and is stored by the same Save that creates the provider: one step either way.
import { useId, useState } from 'react'
import { useClient } from '../api/client-context.js'
import { useAsyncAction } from '../lib/use-async.js'
import { useSettingsDraft } from '../state/use-settings-draft.js'

export function ProviderKeyField({
  providerId,
  saved,
  secretName,
  onStored,
}: {
  providerId: string
  /** Whether the gateway already has this provider (otherwise the key is stored on Save). */
  saved: boolean
  secretName: string | undefined
  onStored: (secretName: string) => void
}) {
  const client = useClient()
  const draft = useSettingsDraft()
  const id = useId()
  const [key, setKey] = useState('')
  const [stored, setStored] = useState(false)
  const pending = draft.pendingKeys.has(providerId)
  const store = useAsyncAction(async () => {
    if (!saved) {
      draft.setPendingKey(providerId, key.trim())
      setKey('')
      return
    }
    const result = await client.setProviderKey({ id: providerId, key })
    setKey('')
    setStored(true)
    onStored(result.secretName)
  })
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        API key
      </label>
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
            placeholder={
              pending
                ? 'Stored when you save'
                : secretName
                  ? 'Stored — type to replace'
                  : 'Paste the key'
            }
            value={key}
            onChange={(e) => {
              setKey(e.target.value)
              setStored(false)
            }}
          />
          <button type="submit" className="btn" disabled={key.trim() === '' || store.busy}>
            {saved ? 'Store key' : 'Use key'}
          </button>
        </form>
        <p className="field-hint" aria-live="polite">
          {store.error ? (
            <span className="text-error">{store.error}</span>
          ) : pending ? (
            'The key goes to the system keychain when you save this provider.'
          ) : stored ? (
            'Key stored in the system keychain.'
          ) : secretName ? (
            <>
              A key is stored as <code>{secretName}</code>. It is never shown again.
            </>
          ) : (
            'Kept in the system keychain, never in the settings file.'
          )}
        </p>
      </div>
    </div>
  )
}
