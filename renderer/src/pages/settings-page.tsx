// Settings: listen address, access key, app behaviour, log retention and body capture, stream timing.
import type { Settings } from '../../../bridge/config/schema.js'
import { useClient } from '../api/client-context.js'
import { ConfirmButton } from '../components/confirm-button.js'
import { Field, NumberInput, Toggle } from '../components/field.js'
import { Card, Notice, Page } from '../components/page.js'
import { SaveBar } from '../components/save-bar.js'
import { SecretText } from '../components/secret-text.js'
import { useAsyncAction } from '../lib/use-async.js'
import { useAppState } from '../state/app-state.js'
import { useSettingsDraft } from '../state/use-settings-draft.js'

type Theme = NonNullable<NonNullable<Settings['ui']>['theme']>

function AccessKeyCard() {
  const client = useClient()
  const { gateway, setGateway } = useAppState()
  const regenerate = useAsyncAction(async () => setGateway(await client.regenerateAccessKey()))
  return (
    <Card title="Access key">
      <p className="dim small card-lead">
        Clients send this key to the gateway. Regenerating it disconnects every configured tool
        until you paste the new snippet.
      </p>
      <div className="row">
        {gateway ? (
          <SecretText secret={gateway.accessKey} label="Access key" />
        ) : (
          <span className="dim">…</span>
        )}
        <span className="toolbar-spacer" />
        <ConfirmButton
          confirmLabel="Click again to regenerate"
          onConfirm={() => void regenerate.run()}
          disabled={regenerate.busy}
        >
          Regenerate
        </ConfirmButton>
      </div>
      {regenerate.error && (
        <p className="form-error" role="alert">
          {regenerate.error}
        </p>
      )}
    </Card>
  )
}

export function SettingsPage() {
  const draft = useSettingsDraft()
  const d = draft.draft
  if (!d)
    return (
      <Page title="Settings">
        <p className="dim">Loading…</p>
      </Page>
    )
  const ui = d.ui ?? {}
  const editUi = (change: (u: NonNullable<Settings['ui']>) => void) =>
    draft.edit((s) => {
      s.ui = { ...(s.ui ?? {}) }
      change(s.ui)
    })
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(d.server.host)
  // The OS login item belongs to the tray app; a browser on the headless gateway has no app to launch.
  const inTrayApp = typeof window !== 'undefined' && window.switchboard !== undefined

  return (
    <Page
      title="Settings"
      description="Saved to the settings file and applied without a restart; a new host or port restarts the listener."
    >
      <Card title="Server">
        <Field
          label="Host"
          path="server.host"
          hint="127.0.0.1 keeps the gateway private to this machine."
        >
          {(id, st) => (
            <input
              id={id}
              className="input mono"
              aria-invalid={st.invalid || undefined}
              aria-describedby={st.describedBy}
              value={d.server.host}
              onChange={(e) =>
                draft.edit((s) => {
                  s.server.host = e.target.value.trim()
                })
              }
            />
          )}
        </Field>
        <Field
          label="Port"
          path="server.port"
          hint="The snippets carry it: a new port means pasting them again."
        >
          {(id, st) => (
            <NumberInput
              id={id}
              state={st}
              value={d.server.port}
              min={0}
              onChange={(v) =>
                draft.edit((s) => {
                  s.server.port = v
                })
              }
            />
          )}
        </Field>
        {!loopback && (
          <Notice tone="warn">
            A non-loopback host exposes the gateway to your network; anyone with the access key can
            use your accounts.
          </Notice>
        )}
      </Card>
      <AccessKeyCard />
      <Card title="App">
        <Field label="Theme">
          {(id) => (
            <select
              id={id}
              className="input select"
              value={ui.theme ?? 'system'}
              onChange={(e) =>
                editUi((u) => {
                  u.theme = e.target.value as Theme
                })
              }
            >
              <option value="system">Match system</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          )}
        </Field>
        {inTrayApp && (
          <Toggle
            label="Launch at login"
            checked={ui.launchAtLogin ?? false}
            onChange={(v) =>
              editUi((u) => {
                u.launchAtLogin = v
              })
            }
          />
        )}
        <Toggle
          label="Start the gateway on launch"
          checked={ui.startGatewayOnLaunch ?? true}
          onChange={(v) =>
            editUi((u) => {
              u.startGatewayOnLaunch = v
            })
          }
        />
      </Card>
      <Card title="Live log">
        <Field label="Keep entries" hint="Older exchanges are dropped first.">
          {(id) => (
            <NumberInput
              id={id}
              value={d.log.maxEntries}
              min={10}
              step={100}
              onChange={(v) =>
                draft.edit((s) => {
                  s.log.maxEntries = v
                })
              }
            />
          )}
        </Field>
        <Toggle
          label="Capture request and response bodies"
          hint="Off keeps only headers, timings and frames' metadata. Bodies are always redacted of keys and tokens."
          checked={d.log.captureBodies}
          onChange={(v) =>
            draft.edit((s) => {
              s.log.captureBodies = v
            })
          }
        />
        <Field label="Body size cap" hint="Per body, and for each exchange's frames.">
          {(id) => (
            <NumberInput
              id={id}
              value={Math.round(d.log.maxBodyBytes / 1024)}
              min={1}
              step={64}
              suffix="KB"
              onChange={(v) =>
                draft.edit((s) => {
                  s.log.maxBodyBytes = Math.round(v * 1024)
                })
              }
            />
          )}
        </Field>
      </Card>
      <Card title="Streaming">
        <Field
          label="Idle timeout"
          hint="A stream silent for this long is ended with an error in the client's dialect."
        >
          {(id) => (
            <NumberInput
              id={id}
              value={d.stream.idleTimeoutMs / 1000}
              min={1}
              suffix="s"
              onChange={(v) =>
                draft.edit((s) => {
                  s.stream.idleTimeoutMs = Math.round(v * 1000)
                })
              }
            />
          )}
        </Field>
        <Field
          label="Keepalive interval"
          hint="How often a silent stream gets a keepalive so clients do not give up."
        >
          {(id) => (
            <NumberInput
              id={id}
              value={d.stream.keepaliveMs / 1000}
              min={1}
              suffix="s"
              onChange={(v) =>
                draft.edit((s) => {
                  s.stream.keepaliveMs = Math.round(v * 1000)
                })
              }
            />
          )}
        </Field>
      </Card>
      <Card title="Stored responses">
        <Toggle
          label="Keep Responses answers"
          hint="So clients that send previous_response_id or item_reference (the Vercel AI SDK, the OpenAI Agents SDK) work on every upstream. store:false is never kept."
          checked={d.responseStore.enabled}
          onChange={(v) =>
            draft.edit((s) => {
              s.responseStore.enabled = v
            })
          }
        />
        <Field
          label="Keep responses"
          hint="The oldest go first; an id that is gone gets OpenAI's own not-found error."
        >
          {(id) => (
            <NumberInput
              id={id}
              value={d.responseStore.maxResponses}
              min={1}
              step={100}
              onChange={(v) =>
                draft.edit((s) => {
                  s.responseStore.maxResponses = Math.round(v)
                })
              }
            />
          )}
        </Field>
        <Field label="Memory for stored responses">
          {(id) => (
            <NumberInput
              id={id}
              value={d.responseStore.maxMb}
              min={1}
              step={16}
              suffix="MB"
              onChange={(v) =>
                draft.edit((s) => {
                  s.responseStore.maxMb = v
                })
              }
            />
          )}
        </Field>
        <Field label="Expire after" hint="At most 720 hours (30 days).">
          {(id) => (
            <NumberInput
              id={id}
              value={d.responseStore.ttlHours}
              min={1}
              suffix="h"
              onChange={(v) =>
                draft.edit((s) => {
                  s.responseStore.ttlHours = v
                })
              }
            />
          )}
        </Field>
        <Toggle
          label="Keep them on disk across restarts"
          hint="In the configuration directory, readable only by you. They hold whole conversations; turning this off deletes the file."
          checked={d.responseStore.persist}
          onChange={(v) =>
            draft.edit((s) => {
              s.responseStore.persist = v
            })
          }
        />
      </Card>
      <SaveBar draft={draft} />
    </Page>
  )
}
