// Model mappings: ordered rules, family defaults, passthrough, default provider, and the route tester.
import { useEffect, useState } from 'react'
import type { RouteExplanationView } from '../../../bridge/control/contract/settings-views.js'
import { Field, Toggle } from '../components/field.js'
import { Icon } from '../components/icons.js'
import { Card, Page } from '../components/page.js'
import { SaveBar } from '../components/save-bar.js'
import { useSettingsDraft } from '../state/use-settings-draft.js'
import { describeRoute, useFamilyRoutes } from './family-routes.js'
import { RouteTester } from './route-tester.js'
import { RulesTable } from './rules-table.js'

const FAMILIES = ['haiku', 'sonnet', 'opus'] as const

export function MappingsPage() {
  const draft = useSettingsDraft()
  const [explained, setExplained] = useState<RouteExplanationView>()
  const familyRoutes = useFamilyRoutes(FAMILIES)
  // Edits renumber rules, so a previous answer would highlight the wrong row.
  useEffect(() => {
    if (draft.dirty) setExplained(undefined)
  }, [draft.dirty])
  const d = draft.draft
  if (!d)
    return (
      <Page title="Model mappings">
        <p className="dim">Loading…</p>
      </Page>
    )
  const providers = d.providers.map((p) => p.id)
  const matched = explained?.rules.find((r) => r.status === 'matched')?.index

  return (
    <Page
      title="Model mappings"
      description="Which provider and upstream model serve each requested model. The first matching rule wins; changes apply without a restart."
    >
      <Card
        title="Rules"
        actions={
          <button
            type="button"
            className="btn"
            onClick={() =>
              draft.edit((s) => {
                s.routing.rules.push({ match: '', provider: s.defaultProvider })
              })
            }
          >
            <Icon name="plus" />
            <span>Add rule</span>
          </button>
        }
      >
        <RulesTable
          rules={d.routing.rules}
          providers={providers}
          highlight={matched}
          onChange={(rules) =>
            draft.edit((s) => {
              s.routing.rules = rules
            })
          }
        />
      </Card>
      <Card title="Which rule matches this model?">
        <RouteTester onResult={setExplained} stale={draft.dirty} />
      </Card>
      <div className="grid-2">
        <Card title="Claude families">
          <p className="dim small card-lead">
            When no rule matches, a requested name containing the family goes here (model or
            provider/model).
          </p>
          {FAMILIES.map((f) => (
            <Field
              key={f}
              label={f[0]?.toUpperCase() + f.slice(1)}
              hint={describeRoute(familyRoutes[f])}
            >
              {(id) => (
                <input
                  id={id}
                  className="input mono"
                  placeholder="unset"
                  value={d.routing.families[f] ?? ''}
                  onChange={(e) =>
                    draft.edit((s) => {
                      if (e.target.value === '') delete s.routing.families[f]
                      else s.routing.families[f] = e.target.value
                    })
                  }
                />
              )}
            </Field>
          ))}
        </Card>
        <Card title="Fallback">
          <Field label="Default provider" hint="Gets every model no rule or family claims.">
            {(id) => (
              <select
                id={id}
                className="input select"
                value={d.defaultProvider}
                onChange={(e) =>
                  draft.edit((s) => {
                    s.defaultProvider = e.target.value
                  })
                }
              >
                {!providers.includes(d.defaultProvider) && (
                  <option value={d.defaultProvider}>{d.defaultProvider} — missing</option>
                )}
                {providers.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Toggle
            label="Passthrough model names"
            hint="Send the requested name unchanged; family defaults are skipped."
            checked={d.routing.passthrough}
            onChange={(v) =>
              draft.edit((s) => {
                s.routing.passthrough = v
              })
            }
          />
        </Card>
      </div>
      <SaveBar draft={draft} />
    </Page>
  )
}
