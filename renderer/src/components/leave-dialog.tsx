// Asks about unsaved settings before another page opens: Save, Discard, or stay.
import { useEffect, useRef, useState } from 'react'
import { navigate, setLeaveGuard, type PageId } from '../nav.js'
import { useSettingsDraft } from '../state/use-settings-draft.js'

export function LeaveDialog() {
  const draft = useSettingsDraft()
  const [target, setTarget] = useState<PageId>()
  const dirty = useRef(draft.dirty)
  dirty.current = draft.dirty
  const allow = useRef(false)
  const dialog = useRef<HTMLDialogElement>(null)

  useEffect(
    () =>
      setLeaveGuard((next) => {
        if (allow.current || !dirty.current) {
          allow.current = false
          return true
        }
        setTarget(next)
        return false
      }),
    [],
  )
  useEffect(() => {
    const el = dialog.current
    if (!el) return
    // Older engines (and jsdom) without showModal still get the dialog, just not modal.
    if (target && !el.open) {
      if (typeof el.showModal === 'function') el.showModal()
      else el.setAttribute('open', '')
    }
    if (!target && el.open) {
      if (typeof el.close === 'function') el.close()
      else el.removeAttribute('open')
    }
  }, [target])

  const go = () => {
    if (!target) return
    allow.current = true
    setTarget(undefined)
    navigate(target)
  }
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="leave-title"
      onCancel={() => setTarget(undefined)}
      onClose={() => setTarget(undefined)}
    >
      <h2 id="leave-title" className="dialog-title">
        Save your changes?
      </h2>
      <p className="dim">The settings have changes that are not saved yet.</p>
      {draft.problems.length > 0 && (
        <p className="text-error small">
          Fix {draft.problems.length === 1 ? 'one problem' : `${draft.problems.length} problems`}{' '}
          before saving, or discard.
        </p>
      )}
      <div className="row dialog-actions">
        <button type="button" className="btn" onClick={() => setTarget(undefined)}>
          Stay
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            draft.discard()
            go()
          }}
        >
          Discard
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={draft.saving}
          onClick={() => {
            void draft.save().then((ok) => {
              if (ok) go()
              else setTarget(undefined)
            })
          }}
        >
          Save
        </button>
      </div>
    </dialog>
  )
}
