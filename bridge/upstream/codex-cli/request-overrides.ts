// Codex-Wrapper's per-request `x_codex: {sandbox, network_access, reasoning_effort}`, within what the provider allows:
// its sandbox is the most a request may ask for (danger-full-access also when allowDangerFullAccess is on), and
// network access only where the provider has it.
import type { ProviderSettings } from '../../config/schema.js'
import { bridgeError } from '../../errors.js'
import {
  REASONING_EFFORTS,
  type CanonicalRequest,
  type ReasoningEffort,
} from '../../protocol/canonical/request.js'
import type { ResolvedCodexSettings, SandboxMode } from './settings.js'

const SANDBOX_ORDER: readonly SandboxMode[] = ['read-only', 'workspace-write', 'danger-full-access']

function refuse(message: string, param: string): Error {
  return bridgeError('BRIDGE_BAD_REQUEST', 'invalid_request', message, { status: 400, param })
}

/** The provider settings with the request's overrides applied; throws a 400 naming the field and the setting. */
export function applyRequestOverrides(
  provider: ProviderSettings,
  s: ResolvedCodexSettings,
  req: CanonicalRequest,
): { settings: ResolvedCodexSettings; effort?: ReasoningEffort } {
  const raw = req.extras.fields['x_codex']
  if (raw === undefined || raw === null) return { settings: s }
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw refuse(
      'x_codex must be an object such as {"sandbox": "read-only", "network_access": false}.',
      'x_codex',
    )
  const out = { ...s }
  let effort: ReasoningEffort | undefined
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'sandbox': {
        const wanted = SANDBOX_ORDER.find((m) => m === value)
        if (wanted === undefined)
          throw refuse(
            `x_codex.sandbox must be one of ${SANDBOX_ORDER.join(', ')}.`,
            'x_codex.sandbox',
          )
        const allowed =
          SANDBOX_ORDER.indexOf(wanted) <= SANDBOX_ORDER.indexOf(s.sandbox) ||
          (wanted === 'danger-full-access' && provider.codex?.allowDangerFullAccess === true)
        if (!allowed) {
          throw refuse(
            `x_codex.sandbox "${wanted}" is more than provider "${s.providerId}" allows (its codex.sandbox is "${s.sandbox}"${wanted === 'danger-full-access' ? ' and codex.allowDangerFullAccess is off' : ''}).`,
            'x_codex.sandbox',
          )
        }
        out.sandbox = wanted
        break
      }
      case 'network_access':
        if (typeof value !== 'boolean')
          throw refuse('x_codex.network_access must be true or false.', 'x_codex.network_access')
        if (value && !s.networkAccess)
          throw refuse(
            `x_codex.network_access is not allowed by provider "${s.providerId}" (setting codex.networkAccess is off).`,
            'x_codex.network_access',
          )
        out.networkAccess = value
        break
      case 'reasoning_effort': {
        const known = REASONING_EFFORTS.find((e) => e === value)
        if (known === undefined)
          throw refuse(
            `x_codex.reasoning_effort must be one of ${REASONING_EFFORTS.join(', ')}.`,
            'x_codex.reasoning_effort',
          )
        effort = known
        break
      }
      default:
        throw refuse(
          `x_codex.${key} is not an override Switchboard knows (sandbox, network_access, reasoning_effort).`,
          `x_codex.${key}`,
        )
    }
  }
  return effort === undefined ? { settings: out } : { settings: out, effort }
}
