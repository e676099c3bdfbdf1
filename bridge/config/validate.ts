// Settings validation: defaults filled in, TypeBox errors turned into messages that name the field.
import type { TSchema } from '@sinclair/typebox'
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors'
import { Value } from '@sinclair/typebox/value'
import { defaultSettings } from './defaults.js'
import { ConfigError } from './errors.js'
import { deepMerge, isPlainObject } from './merge.js'
import { migrate } from './migrations.js'
import { Settings } from './schema.js'

export type ValidationResult =
  | { ok: true; settings: Settings; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[] }

/** `/providers/0/kind` → `providers[0].kind` */
export function jsonPath(pointer: string): string {
  let out = ''
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (/^\d+$/.test(part)) out += `[${part}]`
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out === '' ? part : `.${part}`
    else out += `[${JSON.stringify(part)}]`
  }
  return out === '' ? '(settings)' : out
}

/** Deep-merges `doc` (already migrated to the current version) over the defaults and validates the result. */
export function validateSettings(doc: unknown): ValidationResult {
  if (!isPlainObject(doc))
    return { ok: false, errors: ['settings must be a JSON object'], warnings: [] }
  const merged = deepMerge(defaultSettings(), doc)
  const errors = schemaErrors(merged)
  if (errors.length > 0) return { ok: false, errors, warnings: [] }
  const settings = merged as Settings
  const semantic = crossFieldErrors(settings)
  const warnings = crossFieldWarnings(settings)
  return semantic.length > 0
    ? { ok: false, errors: semantic, warnings }
    : { ok: true, settings, warnings }
}

/** validateSettings that throws a ConfigError listing every problem. */
export function parseSettings(doc: unknown): { settings: Settings; warnings: string[] } {
  const result = validateSettings(doc)
  if (!result.ok) throw new ConfigError('invalid settings', result.errors)
  return { settings: result.settings, warnings: result.warnings }
}

/** Any stored document (any known version, possibly partial) → current settings. Throws ConfigError. */
export function settingsFromDocument(raw: unknown): {
  settings: Settings
  warnings: string[]
  from: number
  migrated: boolean
} {
  const migration = migrate(raw)
  const { settings, warnings } = parseSettings(migration.settings)
  return {
    settings,
    warnings: [...migration.notes, ...warnings],
    from: migration.from,
    migrated: migration.migrated,
  }
}

function schemaErrors(value: unknown): string[] {
  const messages: string[] = []
  const reported: string[] = []
  for (const error of Value.Errors(Settings, value)) {
    // One message per field: a missing or mistyped object explains everything below it.
    if (reported.some((p) => error.path === p || error.path.startsWith(`${p}/`))) continue
    messages.push(describeError(error))
    reported.push(error.path)
  }
  return messages
}

function describeError(error: ValueError): string {
  const path = jsonPath(error.path)
  const schema: TSchema = error.schema
  const got = `, got ${show(error.value)}`
  switch (error.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return `unknown setting ${path}`
    case ValueErrorType.ObjectRequiredProperty:
      return `${path}: required`
    case ValueErrorType.Union: {
      const options = literalOptions(schema)
      return options
        ? `${path}: expected one of ${options.join(', ')}${got}`
        : `${path}: not an allowed value${got}`
    }
    case ValueErrorType.Literal:
      return `${path}: expected ${show(schema['const'])}${got}`
    case ValueErrorType.Integer:
      return `${path}: expected integer${got}`
    case ValueErrorType.Number:
      return `${path}: expected number${got}`
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `${path}: expected ${kindOf(schema)} ≤ ${String(schema['maximum'])}${got}`
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `${path}: expected ${kindOf(schema)} ≥ ${String(schema['minimum'])}${got}`
    case ValueErrorType.IntegerExclusiveMinimum:
    case ValueErrorType.NumberExclusiveMinimum:
      return `${path}: expected ${kindOf(schema)} > ${String(schema['exclusiveMinimum'])}${got}`
    case ValueErrorType.IntegerExclusiveMaximum:
    case ValueErrorType.NumberExclusiveMaximum:
      return `${path}: expected ${kindOf(schema)} < ${String(schema['exclusiveMaximum'])}${got}`
    case ValueErrorType.Boolean:
      return `${path}: expected true or false${got}`
    case ValueErrorType.String:
      return `${path}: expected text${got}`
    case ValueErrorType.StringMinLength:
      return schema['minLength'] === 1 ? `${path}: must not be empty` : `${path}: too short${got}`
    case ValueErrorType.StringPattern:
      return `${path}: expected ${patternHint(String(schema['pattern']))}${got}`
    case ValueErrorType.Array:
      return `${path}: expected a list${got}`
    case ValueErrorType.Object:
      return `${path}: expected an object${got}`
    default:
      return `${path}: ${error.message}${got}`
  }
}

function literalOptions(schema: TSchema): string[] | undefined {
  const anyOf: unknown = schema['anyOf']
  if (!Array.isArray(anyOf)) return undefined
  const options: string[] = []
  for (const member of anyOf) {
    if (!isPlainObject(member) || !('const' in member)) return undefined
    options.push(String(member['const']))
  }
  return options
}

function kindOf(schema: TSchema): string {
  return schema['type'] === 'integer' ? 'integer' : 'number'
}

function patternHint(pattern: string): string {
  if (pattern === '^[a-z0-9][a-z0-9._-]*$') return 'a lower-case id (a-z, 0-9, ".", "_", "-")'
  return `text matching /${pattern}/`
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'string') return `'${value}'`
  if (Array.isArray(value)) return 'a list'
  if (value !== null && typeof value === 'object') return 'an object'
  return String(value)
}

function crossFieldErrors(settings: Settings): string[] {
  const errors: string[] = []
  const seen = new Set<string>()
  settings.providers.forEach((provider, i) => {
    if (seen.has(provider.id))
      errors.push(`providers[${i}].id: duplicate provider id '${provider.id}'`)
    seen.add(provider.id)
    if (provider.kind !== 'codex-cli' && !isHttpUrl(provider.baseUrl)) {
      errors.push(`providers[${i}].baseUrl: expected an http(s) URL, got ${show(provider.baseUrl)}`)
    }
    errors.push(...headerErrors(provider, i))
    if (provider.accounts !== undefined && provider.kind !== 'chatgpt')
      errors.push(
        `providers[${i}].accounts: only a chatgpt provider has accounts (this one is ${provider.kind})`,
      )
  })
  errors.push(...fallbackErrors(settings))
  if (!seen.has(settings.defaultProvider)) {
    const known = [...seen].join(', ') || 'none'
    errors.push(
      `defaultProvider: no provider with id '${settings.defaultProvider}' (providers: ${known})`,
    )
  }
  return errors
}

// A rule naming a missing provider only breaks the requests it matches, so the rest of the file stays usable.
function crossFieldWarnings(settings: Settings): string[] {
  const ids = new Set(settings.providers.map((p) => p.id))
  const warnings: string[] = []
  settings.routing.rules.forEach((rule, i) => {
    if (!ids.has(rule.provider)) {
      warnings.push(
        `routing.rules[${i}].provider: no provider with id '${rule.provider}'; requests matching '${rule.match}' will fail`,
      )
    }
  })
  return warnings
}

// A fallback must name another provider, and following fallbacks must never come back to where it started.
function fallbackErrors(settings: Settings): string[] {
  const errors: string[] = []
  const byId = new Map(settings.providers.map((p) => [p.id, p]))
  settings.providers.forEach((provider, i) => {
    ;(provider.fallback ?? []).forEach((id, j) => {
      const path = `providers[${i}].fallback[${j}]`
      if (id === provider.id) errors.push(`${path}: a provider cannot fall back to itself`)
      else if (!byId.has(id))
        errors.push(
          `${path}: no provider with id '${id}' (providers: ${[...byId.keys()].join(', ')})`,
        )
    })
    const cycle = fallbackCycle(provider.id, byId)
    if (cycle)
      errors.push(`providers[${i}].fallback: falls back in a circle (${cycle.join(' → ')})`)
  })
  return errors
}

function fallbackCycle(
  start: string,
  byId: Map<string, Settings['providers'][number]>,
): string[] | undefined {
  const walk = (id: string, path: string[]): string[] | undefined => {
    for (const next of byId.get(id)?.fallback ?? []) {
      if (next === id || !byId.has(next)) continue
      if (next === start) return [...path, next]
      if (path.includes(next)) continue
      const found = walk(next, [...path, next])
      if (found) return found
    }
    return undefined
  }
  return walk(start, [start])
}

// RFC 9110 field names and values: anything else makes every request to the provider fail inside fetch.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/

function headerErrors(provider: Settings['providers'][number], i: number): string[] {
  const errors: string[] = []
  for (const [name, value] of Object.entries(provider.headers ?? {})) {
    const path = `providers[${i}].headers[${JSON.stringify(name)}]`
    if (!HEADER_NAME.test(name))
      errors.push(
        `${path}: not a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~- only)`,
      )
    else if (!HEADER_VALUE.test(value))
      errors.push(`${path}: the value holds a line break or a character HTTP headers cannot carry`)
  }
  ;(provider.forwardHeaders ?? []).forEach((name, j) => {
    if (!HEADER_NAME.test(name))
      errors.push(
        `providers[${i}].forwardHeaders[${j}]: not a valid HTTP header name, got ${show(name)}`,
      )
  })
  return errors
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
