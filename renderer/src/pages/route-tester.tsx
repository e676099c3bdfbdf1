// "Which rule matches this model?": asks the gateway (explainRoute) and reports the matched rule.
import { useState } from 'react'
import type { RouteExplanationView } from '../../../bridge/control/contract/settings-views.js'
import { useClient } from '../api/client-context.js'
import { Badge } from '../components/page.js'
import { useAsyncAction } from '../lib/use-async.js'

export function RouteTester({
  onResult,
  stale,
}: {
  onResult: (r: RouteExplanationView | undefined) => void
  stale: boolean
}) {
  const client = useClient()
  const [model, setModel] = useState('')
  const [result, setResult] = useState<RouteExplanationView>()
  const explain = useAsyncAction(async () => {
    const r = await client.explainRoute({ model: model.trim() })
    setResult(r)
    onResult(r)
  })
  return (
    <div className="tester">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault()
          if (model.trim() !== '') void explain.run()
        }}
      >
        <input
          className="input mono grow"
          aria-label="Model to test"
          placeholder="claude-sonnet-4-5, gpt-5.5, openrouter/qwen3-coder…"
          value={model}
          onChange={(e) => setModel(e.target.value)}
        />
        <button
          type="submit"
          className="btn btn-primary"
          disabled={model.trim() === '' || explain.busy}
        >
          Test
        </button>
      </form>
      {stale && <p className="dim small">Tests the saved mappings — save to test your edits.</p>}
      <div aria-live="polite" className="tester-result">
        {explain.error && <p className="text-error">{explain.error}</p>}
        {result &&
          (result.ok ? (
            <p>
              <Badge tone="ok">Routed</Badge> <code>{result.model}</code> →{' '}
              <strong>{result.providerId}</strong> / <code>{result.upstreamModel}</code>
              {result.effort && (
                <>
                  {' '}
                  · effort <code>{result.effort}</code>
                </>
              )}
              <span className="dim"> — by {result.matched}</span>
            </p>
          ) : (
            <p>
              <Badge tone="error">No route</Badge> {result.message}
            </p>
          ))}
      </div>
    </div>
  )
}
