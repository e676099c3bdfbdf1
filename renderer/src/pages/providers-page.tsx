// Providers: the upstream list, one provider's editor, "Test connection", and headers forwarded for all.
import { useState } from 'react'
import type { ProviderSettings } from '../../../bridge/config/schema.js'
import type { ProviderTestResult } from '../../../bridge/control/contract/settings-views.js'
import { useClient } from '../api/client-context.js'
import { Field } from '../components/field.js'
import { Icon } from '../components/icons.js'
import { ListEditor } from '../components/list-editor.js'
import { Badge, Card, Notice, Page } from '../components/page.js'
import { SaveBar } from '../components/save-bar.js'
import { useAsyncAction } from '../lib/use-async.js'
import { takeFocus } from '../nav.js'
import { useAppState } from '../state/app-state.js'
import { providerUsers } from '../state/draft-problems.js'
import { useSettingsDraft } from '../state/use-settings-draft.js'
import { BridgeImportCard } from './bridge-import-card.js'
import { KIND_LABEL, ProviderEditor } from './provider-editor.js'

function newProvider(existing: ProviderSettings[]): ProviderSettings {
  let n = existing.length + 1
  while (existing.some((p) => p.id === `provider-${n}`)) n++
  return { id: `provider-${n}`, kind: 'openai-chat', baseUrl: 'https://' }
}

function TestConnection({ id, stale }: { id: string; stale: boolean }) {
  const client = useClient()
  const [result, setResult] = useState<ProviderTestResult>()
  const test = useAsyncAction(async () => setResult(await client.testProvider({ id })))
  return (
    <div className="test-connection">
      <button type="button" className="btn" onClick={() => void test.run()} disabled={test.busy}>
        <Icon name="bolt" />
        <span>{test.busy ? 'Testing…' : 'Test connection'}</span>
      </button>
      <span aria-live="polite" className="test-result">
        {test.error && <span className="text-error">{test.error}</span>}
        {result && !test.busy && (
          <>
            <Badge tone={result.ok ? 'ok' : 'error'}>
              {result.ok ? 'OK' : (result.status ?? 'Failed')}
            </Badge>
            <span>{result.message}</span>
            <span className="dim">{result.latencyMs} ms</span>
          </>
        )}
        {stale && !result && <span className="dim small">Tests the saved settings.</span>}
      </span>
    </div>
  )
}

export function ProvidersPage() {
  const draft = useSettingsDraft()
  const { settings } = useAppState()
  // A link from the Account page opens the chatgpt provider.
  const [index, setIndex] = useState(() => {
    const id = takeFocus('providers')
    return Math.max(0, settings?.providers.findIndex((p) => p.id === id) ?? 0)
  })
  const [confirmRemove, setConfirmRemove] = useState<string>()
  const d = draft.draft
  if (!d)
    return (
      <Page title="Providers">
        <p className="dim">Loading…</p>
      </Page>
    )
  const current = d.providers[Math.min(index, d.providers.length - 1)]
  const currentIndex = Math.min(index, d.providers.length - 1)
  const saved = current ? settings?.providers.find((p) => p.id === current.id) : undefined
  const remove = () => {
    setConfirmRemove(undefined)
    draft.edit((s) => {
      s.providers.splice(currentIndex, 1)
    })
    setIndex(Math.max(0, currentIndex - 1))
  }

  return (
    <Page
      title="Providers"
      description="Upstreams that requests can be routed to. API keys are stored in the system keychain."
      actions={
        <button
          type="button"
          className="btn"
          onClick={() => {
            draft.edit((s) => {
              s.providers.push(newProvider(s.providers))
            })
            setIndex(d.providers.length)
          }}
        >
          <Icon name="plus" />
          <span>Add provider</span>
        </button>
      }
    >
      <BridgeImportCard dirty={draft.dirty} />
      <div className="master-detail">
        <nav className="master" aria-label="Providers">
          <ul className="master-list">
            {d.providers.map((p, i) => (
              <li key={i}>
                <button
                  type="button"
                  className={`master-item${i === currentIndex ? ' is-active' : ''}`}
                  aria-current={i === currentIndex}
                  onClick={() => setIndex(i)}
                >
                  <span className="master-name">{p.id || '(no id)'}</span>
                  <span className="master-sub">
                    {KIND_LABEL[p.kind]}
                    {p.id === d.defaultProvider ? ' · default' : ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        {current ? (
          <Card
            className="detail-card"
            title={
              <>
                {current.id}
                {current.id === d.defaultProvider && <Badge tone="info">Default</Badge>}
              </>
            }
            actions={
              <>
                {current.id !== d.defaultProvider && (
                  <button
                    type="button"
                    className="btn btn-ghost"
                    onClick={() =>
                      draft.edit((s) => {
                        s.defaultProvider = current.id
                      })
                    }
                  >
                    Make default
                  </button>
                )}
                <button
                  type="button"
                  className="btn btn-danger"
                  aria-label={`Remove provider ${current.id}`}
                  onClick={() => {
                    // Warn now, not after a failed save: rules and the default route that name it would point nowhere.
                    if (providerUsers(d, current.id).length > 0) setConfirmRemove(current.id)
                    else remove()
                  }}
                >
                  <Icon name="trash" />
                  <span>Remove</span>
                </button>
              </>
            }
          >
            {confirmRemove === current.id && (
              <Notice tone="warn" title={`${current.id} is in use`}>
                <p>
                  Used by {providerUsers(d, current.id).join(', ')}. Removing it leaves them
                  pointing at no provider; change them first, or remove it and fix them before
                  saving.
                </p>
                <div className="row">
                  <button type="button" className="btn" onClick={() => setConfirmRemove(undefined)}>
                    Keep {current.id}
                  </button>
                  <button type="button" className="btn btn-danger" onClick={remove}>
                    Remove anyway
                  </button>
                </div>
              </Notice>
            )}
            <ProviderEditor
              key={currentIndex}
              index={currentIndex}
              saved={saved !== undefined}
              others={d.providers.filter((p) => p.id !== current.id).map((p) => p.id)}
              provider={current}
              edit={(change) =>
                draft.edit((s) => {
                  const p = s.providers[currentIndex]
                  if (p) change(p)
                })
              }
            />
            {saved ? (
              <TestConnection key={current.id} id={current.id} stale={draft.dirty} />
            ) : (
              <p className="test-connection dim small">Save to test this provider.</p>
            )}
          </Card>
        ) : (
          <Notice>No providers. Add one to route requests.</Notice>
        )}
      </div>
      <Card title="Headers forwarded to every provider">
        <Field
          label="Client headers"
          hint="Passed through unchanged, in addition to each provider's own list."
        >
          {(id) => (
            <ListEditor
              id={id}
              label="Forwarded to every provider"
              values={d.forwardHeaders}
              placeholder="header-name"
              normalize={(s) => s.trim().toLowerCase()}
              onChange={(v) =>
                draft.edit((s) => {
                  s.forwardHeaders = v
                })
              }
            />
          )}
        </Field>
      </Card>
      <SaveBar draft={draft} />
    </Page>
  )
}
