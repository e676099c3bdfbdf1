// Editable list of short strings as removable chips plus an add box (tool types, params, header names).
import { useState } from 'react'
import { Icon } from './icons.js'

export function ListEditor({
  id,
  label,
  values,
  onChange,
  placeholder,
  normalize = (s) => s.trim(),
}: {
  id: string
  label: string
  values: string[]
  onChange: (next: string[]) => void
  placeholder?: string
  normalize?: (s: string) => string
}) {
  const [text, setText] = useState('')
  const add = () => {
    const v = normalize(text)
    if (v === '' || values.includes(v)) return
    onChange([...values, v])
    setText('')
  }
  return (
    <div className="list-editor">
      {values.length > 0 && (
        <ul className="chips" aria-label={label}>
          {values.map((v) => (
            <li key={v} className="chip">
              <code>{v}</code>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${v}`}
                onClick={() => onChange(values.filter((x) => x !== v))}
              >
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <input
          id={id}
          className="input"
          value={text}
          placeholder={placeholder}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              add()
            }
          }}
        />
        <button
          type="button"
          className="btn"
          onClick={add}
          disabled={normalize(text) === ''}
          aria-label={`Add to ${label.toLowerCase()}`}
        >
          <Icon name="plus" />
          <span>Add</span>
        </button>
      </div>
    </div>
  )
}
