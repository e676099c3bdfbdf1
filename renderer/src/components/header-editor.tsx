// Key/value editor for a provider's fixed headers; rows keep their order while being typed.
import { useEffect, useState } from 'react'
import { headerNameProblem } from '../state/draft-problems.js'
import { Icon } from './icons.js'

type Row = { name: string; value: string }

function toRows(headers: Record<string, string> | undefined): Row[] {
  return Object.entries(headers ?? {}).map(([name, value]) => ({ name, value }))
}

function toMap(rows: Row[]): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  for (const r of rows) if (r.name.trim() !== '') out[r.name.trim()] = r.value
  return Object.keys(out).length > 0 ? out : undefined
}

export function HeaderEditor({
  headers,
  onChange,
  label,
}: {
  headers: Record<string, string> | undefined
  onChange: (next: Record<string, string> | undefined) => void
  label: string
}) {
  const [rows, setRows] = useState<Row[]>(() => toRows(headers))
  // Rows with empty names are kept locally until named, so an external reset only replaces them when different.
  useEffect(() => {
    setRows((cur) =>
      JSON.stringify(toMap(cur)) === JSON.stringify(headers ?? undefined) ? cur : toRows(headers),
    )
  }, [headers])

  const commit = (next: Row[]) => {
    setRows(next)
    onChange(toMap(next))
  }
  return (
    <div className="kv-editor" role="group" aria-label={label}>
      {rows.map((r, i) => (
        <div className="kv-row" key={i}>
          <input
            className="input mono"
            placeholder="Header-Name"
            aria-label={`${label} ${i + 1} name`}
            aria-invalid={headerNameProblem(r.name.trim()) ? true : undefined}
            title={headerNameProblem(r.name.trim())}
            value={r.name}
            onChange={(e) =>
              commit(rows.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
            }
          />
          <input
            className="input mono"
            placeholder="value"
            aria-label={`${label} ${i + 1} value`}
            value={r.value}
            onChange={(e) =>
              commit(rows.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))
            }
          />
          <button
            type="button"
            className="btn btn-ghost btn-icon"
            aria-label={`Remove ${r.name || `header ${i + 1}`}`}
            onClick={() => commit(rows.filter((_, j) => j !== i))}
          >
            <Icon name="trash" />
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-sm"
        onClick={() => setRows([...rows, { name: '', value: '' }])}
      >
        <Icon name="plus" size={14} />
        <span>Add header</span>
      </button>
    </div>
  )
}
