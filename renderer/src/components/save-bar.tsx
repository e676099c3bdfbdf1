// The sticky bar under the settings forms: unsaved state, what is wrong (beside Save, never below the fold),
// Save/Discard, and the warnings the last save returned.
import type { SettingsDraft } from '../state/use-settings-draft.js'
import { Notice } from './page.js'

/** Moves focus to the field a problem belongs to, when it is on this page. */
function focusField(path: string): void {
  const field = document.querySelector(`[data-field-path="${CSS.escape(path)}"]`)
  const control = field?.querySelector<HTMLElement>(
    '[aria-invalid="true"], input, select, textarea',
  )
  control?.focus()
  control?.scrollIntoView({ block: 'center' })
}

export function SaveBar({ draft }: { draft: SettingsDraft }) {
  const { dirty, saving, save, discard, errors, warnings, savedAt, problems, attempted } = draft
  const listed = attempted ? problems : []
  return (
    <>
      {warnings.length > 0 && (
        <Notice tone="warn" title="Saved with warnings">
          <ul className="plain-list">
            {warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </Notice>
      )}
      <div
        className={`save-bar${dirty ? ' is-dirty' : ''}${listed.length + errors.length > 0 ? ' has-errors' : ''}`}
        role="region"
        aria-label="Save changes"
        hidden={!dirty && !savedAt && errors.length === 0}
      >
        <div className="save-bar-main">
          <span className="save-bar-text" aria-live="polite">
            {dirty
              ? problems.length > 0
                ? `Unsaved changes · ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} to fix`
                : 'Unsaved changes'
              : savedAt
                ? 'Saved — applied without a restart'
                : 'No changes'}
          </span>
          <div className="row">
            <button type="button" className="btn" onClick={discard} disabled={!dirty || saving}>
              Discard
            </button>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void save()}
              disabled={!dirty || saving}
              aria-keyshortcuts="Control+S Meta+S"
            >
              {saving ? 'Saving…' : 'Save'}
            </button>
          </div>
        </div>
        {(listed.length > 0 || errors.length > 0) && (
          <div className="save-bar-errors" role="alert">
            <strong>Not saved</strong>
            <ul className="plain-list">
              {listed.map((p) => (
                <li key={`${p.path}:${p.message}`}>
                  <button type="button" className="link-button" onClick={() => focusField(p.path)}>
                    {p.field}
                  </button>
                  : {p.message}
                </li>
              ))}
              {errors.map((e, i) => (
                <li key={`e${i}`}>{e}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </>
  )
}
