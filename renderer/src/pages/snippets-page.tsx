// Snippets: setup text for each client with the live URL and key, one block per destination with its own Copy;
// the key is masked on screen (revealable) and copied in full.
import { useEffect, useState } from 'react'
import type { Snippet } from '../../../bridge/control/contract/settings-views.js'
import { errorText } from '../api/control-error.js'
import { useClient } from '../api/client-context.js'
import { CopyButton } from '../components/copy-button.js'
import { Icon } from '../components/icons.js'
import { Card, Notice, Page } from '../components/page.js'
import { maskSecret } from '../lib/format.js'
import { useAppState } from '../state/app-state.js'

function masked(text: string, key: string | undefined, shown: boolean): string {
  return shown || !key ? text : text.split(key).join(maskSecret(key))
}

function SnippetCard({
  snippet,
  accessKey,
  shown,
}: {
  snippet: Snippet
  accessKey: string | undefined
  shown: boolean
}) {
  const blocks = snippet.blocks
  if (!blocks || blocks.length === 0) {
    return (
      <Card
        title={snippet.title}
        actions={
          <CopyButton text={snippet.text} ariaLabel={`Copy ${snippet.title} snippet`} small />
        }
      >
        <pre className="code snippet-code" data-language={snippet.language}>
          {masked(snippet.text, accessKey, shown)}
        </pre>
      </Card>
    )
  }
  return (
    <Card title={snippet.title}>
      <div className="snippet-blocks">
        {blocks.map((b) => (
          <section
            key={b.title}
            className="snippet-block"
            aria-label={`${snippet.title}: ${b.title}`}
          >
            <div className="code-panel-head">
              <h3 className="snippet-block-title">{b.title}</h3>
              <CopyButton text={b.text} ariaLabel={`Copy ${snippet.title}: ${b.title}`} small />
            </div>
            <pre className="code snippet-code" data-language={b.language}>
              {masked(b.text, accessKey, shown)}
            </pre>
          </section>
        ))}
      </div>
    </Card>
  )
}

export function SnippetsPage() {
  const client = useClient()
  const { gateway } = useAppState()
  const [snippets, setSnippets] = useState<Snippet[]>()
  const [error, setError] = useState<string>()
  const [shown, setShown] = useState(false)
  useEffect(() => {
    let live = true
    client.snippets().then(
      (s) => live && setSnippets(s),
      (e: unknown) => live && setError(errorText(e)),
    )
    return () => {
      live = false
    }
  }, [client, gateway?.url, gateway?.accessKey])

  return (
    <Page
      title="Snippets"
      description="Point a tool at Switchboard. Each snippet carries the current URL and access key; Copy copies the key in full."
      actions={
        <button
          type="button"
          className="btn"
          aria-pressed={shown}
          onClick={() => setShown((v) => !v)}
        >
          <Icon name={shown ? 'eyeOff' : 'eye'} />
          <span>{shown ? 'Hide the key' : 'Show the key'}</span>
        </button>
      }
    >
      {error && <Notice tone="error">{error}</Notice>}
      {!snippets && !error && <p className="dim">Loading…</p>}
      <div className="snippets">
        {snippets?.map((s) => (
          <SnippetCard key={s.id} snippet={s} accessKey={gateway?.accessKey} shown={shown} />
        ))}
      </div>
    </Page>
  )
}
