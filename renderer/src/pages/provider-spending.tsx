// A provider's fallback list, spending caps and prices: where requests go when it cannot serve, and how much
// it may cost per day and month (at its own prices, or the built-in list prices of well-known models).
import type { ProviderSettings } from '../../../bridge/config/schema.js'
import { BUILT_IN_PRICES, builtInPrice, type Prices } from '../../../bridge/config/prices.js'
import { Field } from '../components/field.js'
import { OrderedPicker } from '../components/ordered-picker.js'

type Edit = (change: (p: ProviderSettings) => void) => void
type PriceKey = keyof Prices

const PRICE_FIELDS: { key: PriceKey; label: string }[] = [
  { key: 'input', label: 'Input' },
  { key: 'cachedInput', label: 'Cached input' },
  { key: 'output', label: 'Output' },
]

/** '' clears the field; anything else is kept as typed (NaN too), so the problem shows and nothing is lost. */
function money(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text)
}

const shown = (v: number | undefined): number | string =>
  v !== undefined && Number.isFinite(v) ? v : ''

/** The list price the gateway counts this provider's tokens at when it has none of its own. */
function listPrice(p: ProviderSettings): { model: string; prices: Prices } | undefined {
  if (p.kind === 'chatgpt' || p.kind === 'codex-cli') return undefined
  for (const model of p.models ?? []) {
    const prices = builtInPrice(model)
    if (prices) return { model, prices }
  }
  return undefined
}

function pricesHint(p: ProviderSettings, known: ReturnType<typeof listPrice>): string {
  if (p.kind === 'chatgpt' || p.kind === 'codex-cli')
    return 'USD per million tokens. A subscription is not billed per token: without prices it counts as free.'
  if (known)
    return `USD per million tokens. Empty: each model's built-in list price (shown: ${known.model}).`
  return "USD per million tokens. Empty: each model's built-in list price, where one is known."
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
  // Three prices or none: a half-typed set stays in the draft (a missing one as NaN) and the field says what is missing.
  const setPrice = (key: PriceKey, text: string) =>
    edit((d) => {
      const prices = { input: NaN, cachedInput: NaN, output: NaN, ...(d.prices ?? {}) }
      prices[key] = money(text) ?? NaN
      if (PRICE_FIELDS.every((f) => Number.isNaN(prices[f.key]))) delete d.prices
      else d.prices = prices
    })
  const known = listPrice(p)
  const subscription = p.kind === 'chatgpt' || p.kind === 'codex-cli'
  return (
    <fieldset className="fieldset">
      <legend>Fallback and spending</legend>
      <Field
        label="Fall back to"
        path={`providers.${index}.fallback`}
        hint={
          others.length > 0
            ? 'Tried in order when this provider cannot serve (every account limited, or its spending cap reached).'
            : 'Add another provider to fall back to it when this one cannot serve.'
        }
      >
        {(id, st) => (
          <OrderedPicker
            id={id}
            label="Fallback providers"
            values={p.fallback ?? []}
            options={others}
            addLabel="Add a fallback provider"
            note={(v) => (others.includes(v) ? undefined : 'no such provider')}
            invalid={st.invalid}
            describedBy={st.describedBy}
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
              placeholder="no cap"
              aria-invalid={st.invalid || undefined}
              aria-describedby={st.describedBy}
              value={shown(p.spendCap?.[key])}
              onChange={(e) => setCap(key, e.target.value)}
            />
          )}
        </Field>
      ))}
      <Field label="Prices" path={`providers.${index}.prices`} hint={pricesHint(p, known)}>
        {(id, st) => (
          <div className="price-fields" id={id}>
            {PRICE_FIELDS.map((f) => (
              <label key={f.key} className="inline-field">
                <span className="dim small">{f.label}</span>
                <input
                  className="input mono"
                  type="number"
                  min={0}
                  step="any"
                  placeholder={
                    known
                      ? String(known.prices[f.key])
                      : known === undefined && subscription
                        ? '0'
                        : 'list'
                  }
                  aria-label={`${f.label} price (USD per million tokens)`}
                  aria-invalid={(st.invalid && !(Number(p.prices?.[f.key]) >= 0)) || undefined}
                  aria-describedby={st.describedBy}
                  value={shown(p.prices?.[f.key])}
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
                  const listed = BUILT_IN_PRICES[e.target.value]
                  if (listed) edit((d) => void (d.prices = { ...listed }))
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
