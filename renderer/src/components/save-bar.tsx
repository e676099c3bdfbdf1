// The bar under a settings form: unsaved state, Save/Discard, and the warnings or errors the save returned.
import type { SettingsDraft } from '../state/use-settings-draft.js'
import { Notice } from './page.js'

export function SaveBar({ draft }: { draft: SettingsDraft }) {
  const { dirty, saving, save, discard, errors, warnings, savedAt } = draft
  return (
    <>
      {errors.length > 0 && (
        <Notice tone="error" title="Not saved">
          <ul className="plain-list">{errors.map((e, i) => <li key={i}>{e}</li>)}</ul>
        </Notice>
      )}
      {warnings.length > 0 && (
        <Notice tone="warn" title="Saved with warnings">
          <ul className="plain-list">{warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
        </Notice>
      )}
      <div className={`save-bar${dirty ? ' is-dirty' : ''}`} role="region" aria-label="Save changes" hidden={!dirty && !savedAt}>
        <span className="save-bar-text" aria-live="polite">
          {dirty ? 'Unsaved changes' : savedAt ? 'Saved — applied without a restart' : 'No changes'}
        </span>
        <div className="row">
          <button type="button" className="btn" onClick={discard} disabled={!dirty || saving}>Discard</button>
          <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={!dirty || saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>
    </>
  )
}
