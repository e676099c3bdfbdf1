// A chatgpt provider's accounts: the usage at which new conversations move to the next account, the order the
// pool's accounts serve in, and the reserve that serves only when every other one is past that point.
import type { AccountsSettings, ProviderSettings } from '../../../bridge/config/schema.js'
import type { AccountView } from '../../../bridge/control/contract/accounts.js'
import { Field } from '../components/field.js'
import { OrderedPicker } from '../components/ordered-picker.js'
import { useAppState } from '../state/app-state.js'

type Edit = (change: (p: ProviderSettings) => void) => void

const DEFAULT_SWITCH_AT = 95

/** How settings name an account: its email, else its id (both are accepted). */
const refOf = (a: AccountView): string => a.email ?? a.id

function matches(ref: string, a: AccountView): boolean {
  const wanted = ref.trim().toLowerCase()
  return a.id.toLowerCase() === wanted || (a.email ?? '').toLowerCase() === wanted
}

/** The serving order as the gateway applies it: named accounts first, the rest in sign-in order. */
function servingOrder(pool: AccountView[], order: string[]): string[] {
  const named = order.map((ref) => pool.find((a) => matches(ref, a)))
  const refs = order.map((ref, i) => {
    const a = named[i]
    return a ? refOf(a) : ref
  })
  const rest = pool.filter((a) => !named.includes(a)).map(refOf)
  return [...new Set([...refs, ...rest])]
}

export function ProviderAccounts({
  provider: p,
  index,
  edit,
}: {
  provider: ProviderSettings
  index: number
  edit: Edit
}) {
  const { auth } = useAppState()
  const pool = auth?.accounts ?? []
  const accounts = p.accounts ?? {}
  const set = (change: (a: AccountsSettings) => void) =>
    edit((d) => {
      const next = { ...(d.accounts ?? {}) }
      change(next)
      if (Object.keys(next).length === 0) delete d.accounts
      else d.accounts = next
    })
  const order = servingOrder(pool, accounts.order ?? [])
  const inPool = (ref: string) => pool.some((a) => matches(ref, a))
  const reserve = accounts.reserve
  const reserveAccount = reserve === undefined ? undefined : pool.find((a) => matches(reserve, a))
  return (
    <fieldset className="fieldset">
      <legend>Accounts</legend>
      <Field
        label="Switch at"
        path={`providers.${index}.accounts.switchAtPercent`}
        hint={`A new conversation goes to the first account whose 5-hour and weekly windows are both below this; a conversation stays on its account until that one is limited. Empty: ${DEFAULT_SWITCH_AT}%.`}
      >
        {(id, st) => (
          <div className="input-with-suffix">
            <input
              id={id}
              className="input input-num"
              type="number"
              min={1}
              max={100}
              step={1}
              placeholder={String(DEFAULT_SWITCH_AT)}
              aria-invalid={st.invalid || undefined}
              aria-describedby={st.describedBy}
              value={
                accounts.switchAtPercent !== undefined && Number.isFinite(accounts.switchAtPercent)
                  ? accounts.switchAtPercent
                  : ''
              }
              onChange={(e) =>
                set((a) => {
                  if (e.target.value.trim() === '') delete a.switchAtPercent
                  else a.switchAtPercent = Number(e.target.value)
                })
              }
            />
            <span className="input-suffix">%</span>
          </div>
        )}
      </Field>
      <Field
        label="Order"
        path={`providers.${index}.accounts.order`}
        hint={
          pool.length > 1
            ? 'New conversations try the accounts from the top. Accounts signed in later join at the end.'
            : 'With more than one account signed in (Account page), choose which serves first.'
        }
      >
        {(id, st) =>
          order.length > 0 ? (
            <OrderedPicker
              id={id}
              label="Account order"
              values={order}
              options={[]}
              addLabel="Add an account"
              note={(v) => (inPool(v) ? undefined : 'not signed in')}
              removable={(v) => !inPool(v)}
              invalid={st.invalid}
              describedBy={st.describedBy}
              onChange={(v) =>
                set((a) => {
                  // Sign-in order needs no setting; any other order is written out whole.
                  if (v.join('\n') === pool.map(refOf).join('\n')) delete a.order
                  else a.order = v
                })
              }
            />
          ) : (
            <p id={id} className="dim">
              No account is signed in yet.
            </p>
          )
        }
      </Field>
      <Field
        label="Reserve"
        path={`providers.${index}.accounts.reserve`}
        hint="Serves only when every other account is at or past the switch point: keep one for when the rest run low."
      >
        {(id, st) => (
          <select
            id={id}
            className="input select"
            aria-invalid={st.invalid || undefined}
            aria-describedby={st.describedBy}
            value={reserveAccount ? refOf(reserveAccount) : (reserve ?? '')}
            onChange={(e) =>
              set((a) => {
                if (e.target.value === '') delete a.reserve
                else a.reserve = e.target.value
              })
            }
          >
            <option value="">No reserve</option>
            {pool.map((a) => (
              <option key={a.id} value={refOf(a)}>
                {refOf(a)}
              </option>
            ))}
            {reserve !== undefined && !reserveAccount && (
              <option value={reserve}>{reserve} (not signed in)</option>
            )}
          </select>
        )}
      </Field>
    </fieldset>
  )
}
