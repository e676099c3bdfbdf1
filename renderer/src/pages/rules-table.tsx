// The ordered routing rules: first match wins, so rows move up and down.
import type { RouteRule } from '../../../bridge/config/schema.js'
import { Icon } from '../components/icons.js'
import { useOptionalDraft } from '../state/use-settings-draft.js'

export const EFFORTS: NonNullable<RouteRule['effort']>[] = [
  'none',
  'minimal',
  'low',
  'medium',
  'high',
  'xhigh',
  'max',
]

export function RulesTable({
  rules,
  providers,
  highlight,
  onChange,
}: {
  rules: RouteRule[]
  providers: string[]
  /** Index of the rule the tester matched. */
  highlight: number | undefined
  onChange: (next: RouteRule[]) => void
}) {
  const update = (i: number, patch: Partial<RouteRule>) =>
    onChange(
      rules.map((r, j) => {
        if (j !== i) return r
        const next: RouteRule = { ...r, ...patch }
        if (next.model === '') delete next.model
        if (next.effort === undefined) delete next.effort
        return next
      }),
    )
  const move = (i: number, delta: number) => {
    const j = i + delta
    if (j < 0 || j >= rules.length) return
    const next = [...rules]
    const [rule] = next.splice(i, 1)
    if (rule) next.splice(j, 0, rule)
    onChange(next)
  }

  const draft = useOptionalDraft()
  if (rules.length === 0)
    return (
      <p className="empty-inline">
        No rules: every model goes to its family default or the default provider.
      </p>
    )
  return (
    <table className="table rules" aria-label="Routing rules">
      <thead>
        <tr>
          <th scope="col" className="col-idx">
            #
          </th>
          <th scope="col">Requested model (glob)</th>
          <th scope="col">Provider</th>
          <th scope="col">Upstream model</th>
          <th scope="col">Effort</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r, i) => {
          const n = i + 1
          const unknown = !providers.includes(r.provider)
          const patternProblem = draft?.problemAt(`routing.rules.${i}.match`)
          return (
            <tr
              key={i}
              className={i === highlight ? 'is-matched' : undefined}
              aria-current={i === highlight ? 'true' : undefined}
              data-testid={`rule-${i}`}
            >
              <td className="col-idx mono dim">{n}</td>
              <td data-field-path={`routing.rules.${i}.match`}>
                <input
                  className="input mono"
                  aria-label={`Rule ${n} pattern`}
                  aria-invalid={patternProblem ? true : undefined}
                  title={patternProblem}
                  value={r.match}
                  placeholder="claude-*"
                  onChange={(e) => update(i, { match: e.target.value })}
                />
                {patternProblem && <p className="field-error">{patternProblem}</p>}
              </td>
              <td data-field-path={`routing.rules.${i}.provider`}>
                <select
                  className={`input select${unknown ? ' is-invalid' : ''}`}
                  aria-invalid={unknown || undefined}
                  aria-label={`Rule ${n} provider`}
                  value={r.provider}
                  onChange={(e) => update(i, { provider: e.target.value })}
                >
                  {unknown && (
                    <option value={r.provider}>{r.provider || '(choose)'} — missing</option>
                  )}
                  {providers.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  className="input mono"
                  aria-label={`Rule ${n} upstream model`}
                  value={r.model ?? ''}
                  placeholder="same as requested"
                  onChange={(e) => update(i, { model: e.target.value })}
                />
              </td>
              <td>
                <select
                  className="input select"
                  aria-label={`Rule ${n} effort`}
                  value={r.effort ?? ''}
                  onChange={(e) =>
                    update(i, {
                      effort:
                        e.target.value === '' ? undefined : (e.target.value as RouteRule['effort']),
                    })
                  }
                >
                  <option value="">As requested</option>
                  {EFFORTS.map((x) => (
                    <option key={x} value={x}>
                      {x}
                    </option>
                  ))}
                </select>
              </td>
              <td className="col-actions">
                <button
                  type="button"
                  className="btn btn-ghost btn-icon"
                  aria-label={`Move rule ${n} up`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  <Icon name="up" />
                </button>
                <button
                  type="button"
                  className="btn btn-ghost btn-icon"
                  aria-label={`Move rule ${n} down`}
                  disabled={i === rules.length - 1}
                  onClick={() => move(i, 1)}
                >
                  <Icon name="down" />
                </button>
                <button
                  type="button"
                  className="btn btn-ghost btn-icon"
                  aria-label={`Delete rule ${n}`}
                  onClick={() => onChange(rules.filter((_, j) => j !== i))}
                >
                  <Icon name="trash" />
                </button>
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
