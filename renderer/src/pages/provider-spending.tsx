// A provider's fallback list, spending caps and prices: where requests go when it cannot serve, and how much
// it may cost per day and month (at its own prices, or the built-in list prices of well-known models).
import type { ProviderSettings } from '../../../bridge/config/schema.js'
import { BUILT_IN_PRICES } from '../../../bridge/config/prices.js'
import { Field } from '../components/field.js'
import { ListEditor } from '../components/list-editor.js'

type Edit = (change: (p: ProviderSettings) => void) => void
type PriceKey = keyof NonNullable<ProviderSettings['prices']>

const PRICE_FIELDS: { key: PriceKey; label: string }[] = [
  { key: 'input', label: 'Input' },
  { key: 'cachedInput', label: 'Cached input' },
  { key: 'output', label: 'Output' },
]

/** '' clears the field; anything else must be a number ≥ 0 for the schema, which reports the rest. */
function money(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text)
}

export function ProviderSpending({
  provider: p,
  index,
  others,
  edit,
}: {
  provider: ProviderSettings
  index: number
  /** The ids of the other providers, offered as fallbacks. */
  others: string[]
  edit: Edit
}) {
  const setCap = (key: 'dailyUsd' | 'monthlyUsd', text: string) =>
    edit((d) => {
      const cap = { ...(d.spendCap ?? {}) }
      const value = money(text)
      if (value === undefined) delete cap[key]
      else cap[key] = value
      if (Object.keys(cap).length === 0) delete d.spendCap
      else d.spendCap = cap
    })
  const setPrice = (key: PriceKey, text: string) =>
    edit((d) => {
      const value = money(text)
      const prices = { input: 0, cachedInput: 0, output: 0, ...(d.prices ?? {}) }
      prices[key] = value ?? 0
      const empty =
        value === undefined && PRICE_FIELDS.every((f) => f.key === key || !d.prices?.[f.key])
      if (empty) delete d.prices
      else d.prices = prices
    })
  const subscription = p.kind === 'chatgpt' || p.kind === 'codex-cli'
  return (
    <fieldset className="fieldset">
      <legend>Fallback and spending</legend>
      <Field
        label="Fall back to"
        path={`providers.${index}.fallback`}
        hint={`Tried in order when this provider cannot serve (every account limited, or its spending cap reached). Providers: ${others.join(', ') || 'none yet'}.`}
      >
        {(id) => (
          <ListEditor
            id={id}
            label="Fallback providers"
            values={p.fallback ?? []}
            placeholder="provider id"
            normalize={(s) => s.trim().toLowerCase()}
            onChange={(v) =>
              edit((d) => {
                if (v.length > 0) d.fallback = v
                else delete d.fallback
              })
            }
          />
        )}
      </Field>
      {(['dailyUsd', 'monthlyUsd'] as const).map((key) => (
        <Field
          key={key}
          label={key === 'dailyUsd' ? 'Daily cap (USD)' : 'Monthly cap (USD)'}
          path={`providers.${index}.spendCap.${key}`}
          hint={
            key === 'dailyUsd'
              ? 'Past it the provider is skipped until midnight; empty = no cap.'
              : 'Past it the provider is skipped until the first of next month.'
          }
        >
          {(id, st) => (
            <input
              id={id}
              className="input mono"
              type="number"
              min={0}
              step="any"
              aria-invalid={st.invalid || undefined}
              aria-describedby={st.describedBy}
              value={p.spendCap?.[key] ?? ''}
              onChange={(e) => setCap(key, e.target.value)}
            />
          )}
        </Field>
      ))}
      <Field
        label="Prices"
        hint={
          subscription
            ? 'USD per million tokens. A subscription is not billed per token: without prices it counts as free.'
            : 'USD per million tokens. Empty: the built-in list price of each model, where one is known.'
        }
      >
        {(id) => (
          <div className="price-fields" id={id}>
            {PRICE_FIELDS.map((f) => (
              <label key={f.key} className="inline-field">
                <span className="dim small">{f.label}</span>
                <input
                  className="input mono"
                  type="number"
                  min={0}
                  step="any"
                  aria-label={`${f.label} price (USD per million tokens)`}
                  value={p.prices?.[f.key] ?? ''}
                  onChange={(e) => setPrice(f.key, e.target.value)}
                />
              </label>
            ))}
            <label className="inline-field">
              <span className="dim small">Fill from</span>
              <select
                className="input select"
                aria-label="Fill the prices from a built-in list price"
                value=""
                onChange={(e) => {
                  const known = BUILT_IN_PRICES[e.target.value]
                  if (known) edit((d) => void (d.prices = { ...known }))
                }}
              >
                <option value="">list price of…</option>
                {Object.keys(BUILT_IN_PRICES).map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
      </Field>
    </fieldset>
  )
}
