// The page a browser shows without a usable control token: how to open the UI with its link, whether this tab
// had no token or the gateway refused it, and a field to paste the link or the token.
import { useId, useState, type FormEvent, type ReactNode } from 'react'
import { CONTROL_UI_TOKEN_PARAM } from '../../../bridge/control/contract/transports.js'
import { Icon } from '../components/icons.js'

export type TokenProblem = 'missing' | 'refused'

export interface TokenPageProps {
  problem: TokenProblem
  /** This page's origin, to show the link as it looks for this gateway. */
  origin: string
  /** Tries what the user pasted; resolves to a message when it did not work. */
  onPaste: (text: string) => Promise<string | undefined>
}

const COPY: Record<TokenProblem, { title: string; lead: ReactNode }> = {
  missing: {
    title: 'Open Switchboard with its link',
    lead: 'This page needs the control token that comes with the link Switchboard prints when it starts. The token keeps other web pages and programs from changing your gateway.',
  },
  refused: {
    title: 'This link has expired',
    lead: (
      <>
        The gateway did not accept the token this tab was opened with. A new token is made each time{' '}
        <code>switchboard serve</code> starts, so the link from an earlier run no longer works.
      </>
    ),
  },
}

export function TokenPage({ problem, origin, onPaste }: TokenPageProps) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const inputId = useId()
  const hintId = useId()
  const errorId = useId()
  const copy = COPY[problem]

  const submit = async (ev: FormEvent) => {
    ev.preventDefault()
    setBusy(true)
    setError(await onPaste(text).catch((e: unknown) => String(e)))
    setBusy(false)
  }

  return (
    <main className="token-screen" aria-labelledby="token-title">
      <div className="token-panel">
        <div className="brand token-brand">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="mappings" size={18} />
          </span>
          <span className="brand-name">Switchboard</span>
        </div>
        <div className={`notice token-state${problem === 'refused' ? ' notice-warn' : ''}`}>
          <span className="notice-title">
            {problem === 'refused' ? 'Token refused' : 'No token in this tab'}
          </span>
        </div>
        <h1 id="token-title" className="page-title">
          {copy.title}
        </h1>
        <p className="page-desc">{copy.lead}</p>

        <ol className="token-steps">
          <li>
            <span>
              In the terminal where it runs, find the line Switchboard printed when it started
              (start it with <code>switchboard serve</code> if it is not running):
            </span>
            <pre className="token-example">
              <span className="dim">web UI: </span>
              {origin}/ui/#{CONTROL_UI_TOKEN_PARAM}=…
            </pre>
          </li>
          <li>Open that link in this browser, or paste it below.</li>
        </ol>

        <form className="card token-form" onSubmit={(ev) => void submit(ev)}>
          <label className="field-label" htmlFor={inputId}>
            Link or control token
          </label>
          <div className="token-input-row">
            <input
              id={inputId}
              className={`input mono${error ? ' is-invalid' : ''}`}
              type="text"
              autoComplete="off"
              spellCheck={false}
              placeholder={`${origin}/ui/#${CONTROL_UI_TOKEN_PARAM}=…`}
              value={text}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${errorId} ${hintId}` : hintId}
              onChange={(e) => setText(e.target.value)}
            />
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Checking…' : 'Open'}
            </button>
          </div>
          {error && (
            <p id={errorId} className="field-error" role="alert">
              {error}
            </p>
          )}
          <p id={hintId} className="field-hint">
            The token alone works too: <code>switchboard serve</code> prints it on the line “control
            token”. It stays in this tab only, until the tab is closed.
          </p>
        </form>

        <p className="dim small token-foot">
          Using the desktop app? Its tray menu opens this window by itself, with no link to copy.
        </p>
      </div>
    </main>
  )
}
