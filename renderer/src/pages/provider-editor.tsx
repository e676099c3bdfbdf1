// One provider's form: wire, URL, key, headers, and the options that only some wires have.
import type { ProviderSettings } from '../../../bridge/config/schema.js'
import { Field, Toggle } from '../components/field.js'
import { HeaderEditor } from '../components/header-editor.js'
import { ListEditor } from '../components/list-editor.js'
import { ProviderAccounts } from './provider-accounts.js'
import { ProviderKeyField } from './provider-key-field.js'
import { ProviderSpending } from './provider-spending.js'

export const KIND_LABEL: Record<ProviderSettings['kind'], string> = {
  chatgpt: 'ChatGPT (subscription)',
  'openai-responses': 'OpenAI Responses',
  'openai-chat': 'OpenAI Chat Completions',
  anthropic: 'Anthropic Messages',
  'codex-cli': 'Codex CLI (local agent)',
}

type Edit = (change: (p: ProviderSettings) => void) => void

function unset<T extends object>(obj: T, key: keyof T, value: unknown): void {
  if (value === undefined || value === '') delete obj[key]
  else (obj as Record<keyof T, unknown>)[key] = value
}

function ChatOptions({ p, edit }: { p: ProviderSettings; edit: Edit }) {
  return (
    <fieldset className="fieldset">
      <legend>Chat Completions options</legend>
      <Field label="Reasoning field" hint="Where this server puts reasoning text in responses.">
        {(id) => (
          <select
            id={id}
            className="input select"
            value={p.chatReasoningField ?? ''}
            onChange={(e) => edit((d) => unset(d, 'chatReasoningField', e.target.value))}
          >
            <option value="">Automatic</option>
            <option value="reasoning_content">reasoning_content</option>
            <option value="reasoning">reasoning</option>
            <option value="none">none</option>
          </select>
        )}
      </Field>
      <Field label="Max tokens field">
        {(id) => (
          <select
            id={id}
            className="input select"
            value={p.chatMaxTokensField ?? ''}
            onChange={(e) => edit((d) => unset(d, 'chatMaxTokensField', e.target.value))}
          >
            <option value="">Automatic</option>
            <option value="max_completion_tokens">max_completion_tokens</option>
            <option value="max_tokens">max_tokens</option>
          </select>
        )}
      </Field>
      <Toggle
        label="Send stream_options"
        hint="Ask for usage in the final chunk (include_usage)."
        checked={p.chatStreamOptions ?? true}
        onChange={(v) =>
          edit((d) => {
            d.chatStreamOptions = v
          })
        }
      />
    </fieldset>
  )
}

function CodexOptions({ p, edit }: { p: ProviderSettings; edit: Edit }) {
  const codex = p.codex ?? {}
  const set = (key: keyof NonNullable<ProviderSettings['codex']>, value: string) =>
    edit((d) => {
      d.codex = { ...(d.codex ?? {}) }
      unset(d.codex, key, value)
    })
  return (
    <fieldset className="fieldset">
      <legend>Codex CLI options</legend>
      <Field label="codex binary" hint="Found on PATH when empty.">
        {(id) => (
          <input
            id={id}
            className="input mono"
            value={codex.path ?? ''}
            onChange={(e) => set('path', e.target.value)}
          />
        )}
      </Field>
      <Field label="Working directory">
        {(id) => (
          <input
            id={id}
            className="input mono"
            value={codex.workingDirectory ?? ''}
            onChange={(e) => set('workingDirectory', e.target.value)}
          />
        )}
      </Field>
      <Field label="Sandbox">
        {(id) => (
          <select
            id={id}
            className="input select"
            value={codex.sandbox ?? ''}
            onChange={(e) => set('sandbox', e.target.value)}
          >
            <option value="">Default</option>
            <option value="read-only">read-only</option>
            <option value="workspace-write">workspace-write</option>
            <option value="danger-full-access">danger-full-access</option>
          </select>
        )}
      </Field>
    </fieldset>
  )
}

export function ProviderEditor({
  provider: p,
  index,
  saved,
  others = [],
  edit,
}: {
  provider: ProviderSettings
  index: number
  saved: boolean
  /** The other providers' ids (fallback candidates). */
  others?: string[]
  edit: Edit
}) {
  const usesKey = p.kind !== 'chatgpt' && p.kind !== 'codex-cli'
  return (
    <div className="form">
      <Field
        label="ID"
        path={`providers.${index}.id`}
        hint="Lower-case; used in mappings and as a model prefix (id/model)."
      >
        {(id, st) => (
          <input
            id={id}
            className="input mono"
            aria-invalid={st.invalid || undefined}
            aria-describedby={st.describedBy}
            value={p.id}
            onChange={(e) =>
              edit((d) => {
                d.id = e.target.value.toLowerCase()
              })
            }
          />
        )}
      </Field>
      <Field label="Wire">
        {(id) => (
          <select
            id={id}
            className="input select"
            value={p.kind}
            onChange={(e) =>
              edit((d) => {
                d.kind = e.target.value as ProviderSettings['kind']
              })
            }
          >
            {(Object.keys(KIND_LABEL) as ProviderSettings['kind'][]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Base URL"
        path={`providers.${index}.baseUrl`}
        hint="As the official SDKs take it, e.g. https://api.example.com/v1"
      >
        {(id, st) => (
          <input
            id={id}
            className="input mono"
            type="url"
            aria-invalid={st.invalid || undefined}
            aria-describedby={st.describedBy}
            value={p.baseUrl}
            onChange={(e) =>
              edit((d) => {
                d.baseUrl = e.target.value
              })
            }
          />
        )}
      </Field>
      {usesKey && (
        <>
          <ProviderKeyField
            providerId={p.id}
            saved={saved}
            secretName={p.apiKeySecret}
            onStored={(name) =>
              edit((d) => {
                d.apiKeySecret = name
              })
            }
          />
          <Field
            label="Key from environment"
            hint="Alternatively, the name of an environment variable that holds the key."
          >
            {(id) => (
              <input
                id={id}
                className="input mono"
                placeholder="e.g. OPENROUTER_API_KEY"
                value={p.apiKeyEnv ?? ''}
                onChange={(e) => edit((d) => unset(d, 'apiKeyEnv', e.target.value))}
              />
            )}
          </Field>
          <Field label="Auth header">
            {(id) => (
              <select
                id={id}
                className="input select"
                value={p.authStyle ?? ''}
                onChange={(e) => edit((d) => unset(d, 'authStyle', e.target.value))}
              >
                <option value="">Default for the wire</option>
                <option value="bearer">Authorization: Bearer</option>
                <option value="x-api-key">x-api-key</option>
              </select>
            )}
          </Field>
        </>
      )}
      <Field
        label="Fixed headers"
        path={`providers.${index}.headers`}
        hint="Sent with every request to this provider."
      >
        {() => (
          <HeaderEditor
            label="Fixed header"
            headers={p.headers}
            onChange={(h) => edit((d) => unset(d, 'headers', h))}
          />
        )}
      </Field>
      <Field
        label="Forwarded headers"
        path={`providers.${index}.forwardHeaders`}
        hint="Client headers passed through to this provider."
      >
        {(id) => (
          <ListEditor
            id={id}
            label="Forwarded headers"
            values={p.forwardHeaders ?? []}
            placeholder="header-name"
            normalize={(s) => s.trim().toLowerCase()}
            onChange={(v) => edit((d) => unset(d, 'forwardHeaders', v.length > 0 ? v : undefined))}
          />
        )}
      </Field>
      <Field label="Models" hint="Listed by /v1/models for this provider.">
        {(id) => (
          <ListEditor
            id={id}
            label="Models"
            values={p.models ?? []}
            placeholder="model-name"
            onChange={(v) => edit((d) => unset(d, 'models', v.length > 0 ? v : undefined))}
          />
        )}
      </Field>
      {p.kind === 'openai-chat' && <ChatOptions p={p} edit={edit} />}
      {p.kind === 'codex-cli' && <CodexOptions p={p} edit={edit} />}
      {p.kind === 'chatgpt' && <ProviderAccounts provider={p} index={index} edit={edit} />}
      <ProviderSpending provider={p} index={index} others={others} edit={edit} />
    </div>
  )
}
