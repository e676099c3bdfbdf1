// Labelled form rows; the label is tied to the control so every input has an accessible name.
import { useId, type ReactNode } from 'react'

export function Field({ label, hint, children }: { label: string; hint?: ReactNode; children: (id: string) => ReactNode }) {
  const id = useId()
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>{label}</label>
      <div className="field-control">
        {children(id)}
        {hint && <p className="field-hint">{hint}</p>}
      </div>
    </div>
  )
}

export function Toggle({ label, hint, checked, onChange }: { label: string; hint?: ReactNode; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId()
  return (
    <div className="field field-toggle">
      <div className="field-label-col">
        <label className="field-label" htmlFor={id}>{label}</label>
        {hint && <p className="field-hint">{hint}</p>}
      </div>
      <input id={id} type="checkbox" role="switch" className="switch" checked={checked} onChange={(e) => onChange(e.target.checked)} />
    </div>
  )
}

export function NumberInput({ id, value, onChange, min, step, suffix }: {
  id: string
  value: number
  onChange: (v: number) => void
  min?: number
  step?: number
  suffix?: string
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
        onChange={(e) => onChange(e.target.valueAsNumber)}
      />
      {suffix && <span className="input-suffix">{suffix}</span>}
    </div>
  )
}
