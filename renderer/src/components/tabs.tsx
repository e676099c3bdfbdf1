// Accessible tabs (WAI-ARIA tabs pattern): arrow keys move between tabs, one panel shown.
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react'

export interface TabDef<K extends string> {
  key: K
  label: ReactNode
}

export function Tabs<K extends string>({
  tabs,
  active,
  onChange,
  label,
  children,
}: {
  tabs: TabDef<K>[]
  active: K
  onChange: (key: K) => void
  label: string
  children: ReactNode
}) {
  const base = useId()
  const refs = useRef(new Map<K, HTMLButtonElement>())
  const onKeyDown = (ev: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.key === active)
    const delta = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0
    if (delta === 0) return
    ev.preventDefault()
    const next = tabs[(i + delta + tabs.length) % tabs.length]
    if (!next) return
    onChange(next.key)
    refs.current.get(next.key)?.focus()
  }
  return (
    <div className="tabs">
      <div className="tab-list" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.key}
            ref={(el) => {
              if (el) refs.current.set(t.key, el)
              else refs.current.delete(t.key)
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${t.key}`}
            aria-selected={t.key === active}
            aria-controls={`${base}-panel`}
            tabIndex={t.key === active ? 0 : -1}
            className="tab"
            onClick={() => onChange(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id={`${base}-panel`}
        aria-labelledby={`${base}-tab-${active}`}
      >
        {children}
      </div>
    </div>
  )
}
