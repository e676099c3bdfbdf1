// What each control method accepts: one TypeBox schema per method, checked by the dispatcher before the host sees it.
import { Type, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { Settings } from '../config/schema.js'
import { jsonPath } from '../config/validate.js'
import type { ControlMethod } from './contract.js'

// Methods without an argument tolerate the shapes transports send for "nothing".
const NoArg = Type.Union([
  Type.Undefined(),
  Type.Null(),
  Type.Object({}, { additionalProperties: false }),
])
const ProviderId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9._-]*$' })
const LogId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' })
const strict = { additionalProperties: false } as const

// A Record over ControlMethod: adding a method to the contract without a schema here is a compile error.
export const ARG_SCHEMAS: Record<ControlMethod, TSchema> = {
  getSettings: NoArg,
  updateSettings: Settings,
  gatewayStatus: NoArg,
  startGateway: NoArg,
  stopGateway: NoArg,
  regenerateAccessKey: NoArg,
  authStatus: NoArg,
  signIn: Type.Object(
    { method: Type.Union([Type.Literal('browser'), Type.Literal('device')]) },
    strict,
  ),
  cancelSignIn: NoArg,
  signOut: Type.Union([
    NoArg,
    Type.Object({ account: Type.String({ minLength: 1, maxLength: 320 }) }, strict),
  ]),
  importCodexLogin: NoArg,
  logSnapshot: NoArg,
  logEntry: Type.Object({ id: LogId }, strict),
  logSearch: Type.Object({ text: Type.String({ maxLength: 1024 }) }, strict),
  logExport: NoArg,
  clearLog: NoArg,
  snippets: NoArg,
  explainRoute: Type.Object({ model: Type.String({ minLength: 1, maxLength: 256 }) }, strict),
  testProvider: Type.Object({ id: ProviderId }, strict),
  setProviderKey: Type.Object(
    { id: ProviderId, key: Type.String({ minLength: 1, maxLength: 8192 }) },
    strict,
  ),
  usageHistory: Type.Union([
    NoArg,
    Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3660 })) }, strict),
  ]),
  bridgeImportOffer: NoArg,
  importBridgeSettings: NoArg,
  proxyTokensOffer: NoArg,
  importProxyTokens: Type.Object({ deleteFile: Type.Boolean() }, strict),
}

const MAX_REPORTED = 5

export interface ArgumentProblem {
  /** `server.port`, `method`, or `(argument)` for the whole value. */
  field: string
  message: string
}

/** Problems with `arg` for `method`, each naming its field; empty when the argument is acceptable. */
export function argumentProblems(method: ControlMethod, arg: unknown): ArgumentProblem[] {
  const schema = ARG_SCHEMAS[method]
  if (Value.Check(schema, arg)) return []
  const problems: ArgumentProblem[] = []
  for (const error of Value.Errors(schema, arg)) {
    // The value is never echoed: it may be an API key.
    const field = error.path === '' ? '(argument)' : jsonPath(error.path)
    if (!problems.some((p) => p.field === field && p.message === error.message))
      problems.push({ field, message: error.message })
    if (problems.length >= MAX_REPORTED) break
  }
  return problems.length > 0
    ? problems
    : [{ field: '(argument)', message: 'does not match the expected shape' }]
}
