// Labelled form rows; the label is tied to the control so every input has an accessible name.
import { useId, type ReactNode } from 'react'
import { useOptionalDraft } from '../state/use-settings-draft.js'

export interface FieldState {
  invalid: boolean
  /** Id of the message element, for aria-describedby. */
  describedBy: string | undefined
}

/** `path` ties the field to the settings draft: its problem (found as the user types) shows beside it. */
export function Field({
  label,
  hint,
  path,
  children,
}: {
  label: string
  hint?: ReactNode
  path?: string
  children: (id: string, state: FieldState) => ReactNode
}) {
  const id = useId()
  const draft = useOptionalDraft()
  const problem = path ? draft?.problemAt(path) : undefined
  const errorId = `${id}-error`
  return (
    <div className={`field${problem ? ' is-invalid' : ''}`} data-field-path={path}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="field-control">
        {children(id, {
          invalid: problem !== undefined,
          describedBy: problem ? errorId : undefined,
        })}
        {problem && (
          <p className="field-error" id={errorId} role="alert">
            {problem}
          </p>
        )}
        {hint && <p className="field-hint">{hint}</p>}
      </div>
    </div>
  )
}

export function Toggle({
  label,
  hint,
  checked,
  onChange,
}: {
  label: string
  hint?: ReactNode
  checked: boolean
  onChange: (v: boolean) => void
}) {
  const id = useId()
  return (
    <div className="field field-toggle">
      <div className="field-label-col">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        {hint && <p className="field-hint">{hint}</p>}
      </div>
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="switch"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
    </div>
  )
}

export function NumberInput({
  id,
  value,
  onChange,
  min,
  step,
  suffix,
  state,
}: {
  id: string
  value: number
  onChange: (v: number) => void
  min?: number
  step?: number
  suffix?: string
  state?: FieldState
}) {
  return (
    <div className="input-with-suffix">
      <input
        id={id}
        className="input input-num"
        type="number"
        inputMode="numeric"
        value={Number.isFinite(value) ? value : ''}
        min={min}
        step={step}
        aria-invalid={state?.invalid || undefined}
        aria-describedby={state?.describedBy}
        onChange={(e) => onChange(e.target.valueAsNumber)}
      />
      {suffix && <span className="input-suffix">{suffix}</span>}
    </div>
  )
}
