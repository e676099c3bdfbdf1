// Snippets: setup text for each client with the live URL and key, one click to copy.
import { useEffect, useState } from 'react'
import type { Snippet } from '../../../bridge/control/contract.js'
import { errorText } from '../api/control-error.js'
import { useClient } from '../api/client-context.js'
import { CopyButton } from '../components/copy-button.js'
import { Card, Notice, Page } from '../components/page.js'
import { useAppState } from '../state/app-state.js'

export function SnippetsPage() {
  const client = useClient()
  const { gateway } = useAppState()
  const [snippets, setSnippets] = useState<Snippet[]>()
  const [error, setError] = useState<string>()
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
    <Page title="Snippets" description="Point a tool at Switchboard. Each snippet carries the current URL and access key.">
      {error && <Notice tone="error">{error}</Notice>}
      {!snippets && !error && <p className="dim">Loading…</p>}
      <div className="snippets">
        {snippets?.map((s) => (
          <Card key={s.id} title={s.title} actions={<CopyButton text={s.text} ariaLabel={`Copy ${s.title} snippet`} small />}>
            <pre className="code snippet-code" data-language={s.language}>{s.text}</pre>
          </Card>
        ))}
      </div>
    </Page>
  )
}
