// An ordered choice from known names: the chosen ones in order (move up, move down, remove) and a menu to add
// one more. Fallback providers and the order of a provider's accounts use it.
import { Icon } from './icons.js'

export function OrderedPicker({
  id,
  label,
  values,
  options,
  onChange,
  addLabel,
  note,
  removable = () => true,
  invalid,
  describedBy,
}: {
  id: string
  /** Names the list and its buttons ("Fallback providers"). */
  label: string
  values: string[]
  /** What may be added (the chosen ones are left out of the menu). */
  options: string[]
  onChange: (next: string[]) => void
  addLabel: string
  /** A word beside a chosen value ("not in the pool"), when there is one. */
  note?: (value: string) => string | undefined
  removable?: (value: string) => boolean
  invalid?: boolean
  describedBy?: string | undefined
}) {
  const move = (from: number, to: number) => {
    const next = [...values]
    const [v] = next.splice(from, 1)
    if (v === undefined) return
    next.splice(to, 0, v)
    onChange(next)
  }
  const addable = options.filter((o) => !values.includes(o))
  return (
    <div className="ordered-picker">
      {values.length > 0 && (
        <ol className="ordered-list" aria-label={label}>
          {values.map((v, i) => (
            <li key={v} className="ordered-item">
              <span className="ordered-index">{i + 1}</span>
              <code className="ellipsis">{v}</code>
              {note?.(v) && <span className="dim small">{note(v)}</span>}
              <span className="toolbar-spacer" />
              <button
                type="button"
                className="btn btn-ghost btn-icon"
                aria-label={`Move ${v} up`}
                disabled={i === 0}
                onClick={() => move(i, i - 1)}
              >
                <Icon name="up" size={14} />
              </button>
              <button
                type="button"
                className="btn btn-ghost btn-icon"
                aria-label={`Move ${v} down`}
                disabled={i === values.length - 1}
                onClick={() => move(i, i + 1)}
              >
                <Icon name="down" size={14} />
              </button>
              {removable(v) && (
                <button
                  type="button"
                  className="btn btn-ghost btn-icon"
                  aria-label={`Remove ${v} from ${label.toLowerCase()}`}
                  onClick={() => onChange(values.filter((x) => x !== v))}
                >
                  <Icon name="close" size={14} />
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {addable.length > 0 && (
        <select
          id={id}
          className="input select"
          aria-label={addLabel}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          value=""
          onChange={(e) => {
            if (e.target.value) onChange([...values, e.target.value])
          }}
        >
          <option value="">{addLabel}…</option>
          {addable.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </div>
  )
}
