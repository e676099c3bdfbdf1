// A secret shown masked, with reveal and copy: the access key on Overview and Settings.
import { useState } from 'react'
import { maskSecret } from '../lib/format.js'
import { CopyButton } from './copy-button.js'
import { Icon } from './icons.js'

export function SecretText({ secret, label }: { secret: string; label: string }) {
  const [shown, setShown] = useState(false)
  return (
    <div className="secret">
      <code
        className="secret-value"
        data-testid="secret-value"
        aria-label={shown ? label : `${label} (hidden)`}
      >
        {shown ? secret : maskSecret(secret)}
      </code>
      <button
        type="button"
        className="btn btn-ghost btn-icon"
        onClick={() => setShown((s) => !s)}
        aria-label={shown ? `Hide ${label.toLowerCase()}` : `Reveal ${label.toLowerCase()}`}
        aria-pressed={shown}
        title={shown ? 'Hide' : 'Reveal'}
      >
        <Icon name={shown ? 'eyeOff' : 'eye'} />
      </button>
      <CopyButton text={secret} ariaLabel={`Copy ${label.toLowerCase()}`} small />
    </div>
  )
}
