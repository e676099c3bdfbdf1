// Filters: tool types and parameters removed from requests before they go upstream, and tool conversions.
import { Field, Toggle } from '../components/field.js'
import { ListEditor } from '../components/list-editor.js'
import { Card, Page } from '../components/page.js'
import { SaveBar } from '../components/save-bar.js'
import { useSettingsDraft } from '../state/use-settings-draft.js'

export function FiltersPage() {
  const draft = useSettingsDraft()
  const d = draft.draft
  if (!d)
    return (
      <Page title="Filters">
        <p className="dim">Loading…</p>
      </Page>
    )
  return (
    <Page
      title="Filters"
      description="Strip what an upstream rejects before a request leaves Switchboard."
    >
      <Card title="Drop from requests">
        <Field label="Tool types" hint="e.g. web_search, computer_use_preview, image_generation">
          {(id) => (
            <ListEditor
              id={id}
              label="Dropped tool types"
              values={d.filters.dropToolTypes}
              placeholder="tool type"
              onChange={(v) =>
                draft.edit((s) => {
                  s.filters.dropToolTypes = v
                })
              }
            />
          )}
        </Field>
        <Field
          label="Parameters"
          hint="Top-level request fields, e.g. prompt_cache_key, service_tier, top_k"
        >
          {(id) => (
            <ListEditor
              id={id}
              label="Dropped parameters"
              values={d.filters.dropParams}
              placeholder="parameter"
              onChange={(v) =>
                draft.edit((s) => {
                  s.filters.dropParams = v
                })
              }
            />
          )}
        </Field>
      </Card>
      <Card title="Conversions">
        <Toggle
          label="Convert custom tools to function tools"
          hint="Codex's freeform tools (apply_patch) become JSON function tools for upstreams that only know functions."
          checked={d.filters.convertCustomTools}
          onChange={(v) =>
            draft.edit((s) => {
              s.filters.convertCustomTools = v
            })
          }
        />
      </Card>
      <SaveBar draft={draft} />
    </Page>
  )
}
