// Signing a ChatGPT account in from the Account page: the three ways (browser, device code, the Codex CLI's
// login) and the open sign-in (the address to visit, or the code to enter) until the gateway says how it ended.
import type { SignInStart } from '../../../bridge/control/contract/accounts.js'
import { CopyButton } from '../components/copy-button.js'
import { Icon } from '../components/icons.js'
import { formatRelative } from '../lib/format.js'

export function PendingSignIn({
  start,
  onCancel,
  busy,
}: {
  start: SignInStart
  onCancel: () => void
  busy: boolean
}) {
  return (
    <div className="pending" aria-live="polite">
      {start.method === 'browser' ? (
        <>
          <p>Finish signing in in your browser. If it did not open, open this address:</p>
          <div className="row url-row">
            <code className="url ellipsis" title={start.authorizeUrl}>
              {start.authorizeUrl}
            </code>
            <CopyButton text={start.authorizeUrl} small ariaLabel="Copy sign-in URL" />
            <a
              className="btn btn-sm"
              href={start.authorizeUrl}
              target="_blank"
              rel="noreferrer noopener"
            >
              <Icon name="external" size={14} />
              <span>Open</span>
            </a>
          </div>
        </>
      ) : (
        <>
          <p>Open the address below on any device and enter this code:</p>
          <div className="device-code" aria-label="Device code">
            {start.userCode}
          </div>
          <div className="row url-row">
            <code className="url">{start.verificationUrl}</code>
            <CopyButton text={start.verificationUrl} small ariaLabel="Copy verification URL" />
            <CopyButton
              text={start.userCode}
              small
              label="Copy code"
              ariaLabel="Copy device code"
            />
          </div>
          <p className="dim small">The code expires {formatRelative(start.expiresAt) ?? 'soon'}.</p>
        </>
      )}
      <div className="row">
        <span className="spinner" aria-hidden="true" />
        <span>Waiting…</span>
        <span className="toolbar-spacer" />
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  )
}

/** The ways to sign in; `adding` when the pool already has accounts (then each one joins it). */
export function SignInChoices({
  adding,
  busy,
  onSignIn,
  onImport,
}: {
  adding: boolean
  busy: boolean
  onSignIn: (method: 'browser' | 'device') => void
  onImport: () => void
}) {
  return (
    <div className="choice-grid">
      <div className="choice">
        <h3>In your browser</h3>
        <p className="dim">Opens the ChatGPT sign-in page; you return here when done.</p>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => onSignIn('browser')}
          disabled={busy}
        >
          {adding ? 'Add with browser' : 'Sign in with browser'}
        </button>
      </div>
      <div className="choice">
        <h3>With a device code</h3>
        <p className="dim">For headless machines: enter a short code on another device.</p>
        <button type="button" className="btn" onClick={() => onSignIn('device')} disabled={busy}>
          Use a device code
        </button>
      </div>
      <div className="choice">
        <h3>From Codex CLI</h3>
        <p className="dim">Reuse the login in ~/.codex/auth.json.</p>
        <button type="button" className="btn" onClick={onImport} disabled={busy}>
          Import Codex CLI login
        </button>
      </div>
    </div>
  )
}
