// ChatGPT backend failures (HTTP or in-stream) as canonical errors, usage-limit resets named (codex-backend.md §3.5).
import type { CanonicalError } from '../../protocol/canonical/errors.js'
import { kindForStatus, kindFromOpenAI } from '../../protocol/canonical/errors.js'
import type { JsonObject } from '../../protocol/canonical/json.js'
import { isJsonObject } from '../../protocol/canonical/json.js'
import type { HeaderSource, UsageWindow, UsageWindows } from './usage-limits.js'
import { formatReset, parseUsageHeaders } from './usage-limits.js'
import { asNum, tryParseJson } from '../../protocol/canonical/read-json.js'

export interface ChatgptErrorOptions {
  now?: Date
  /** Time zone of reset times in messages (default UTC). */
  timeZone?: string
  /** What a 401 tells the user to do once refreshing did not help. */
  signInHint?: string
}

export const DEFAULT_SIGN_IN_HINT = 'Sign in again with `switchboard login`.'

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
const numOf = asNum

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** codex's 401 carries `x-error-json`: base64 of `{"error":{"code":"token_expired"}}`. */
function errorJsonHeader(headers: HeaderSource): JsonObject | undefined {
  const raw = header(headers, 'x-error-json')
  if (!raw) return undefined
  const parsed = tryParseJson(Buffer.from(raw, 'base64').toString('utf8'))
  return isJsonObject(parsed) && isJsonObject(parsed['error']) ? parsed['error'] : undefined
}

/** The window a usage-limit error is about: the one resetting at `resets_at`, else the exhausted one that resets last. */
function limitingWindow(
  windows: UsageWindows | undefined,
  resetsAt: Date | undefined,
): UsageWindow | undefined {
  const all = [windows?.primary, windows?.secondary].filter(
    (w): w is UsageWindow => w !== undefined,
  )
  if (resetsAt) {
    const match = all.find((w) => Math.abs(w.resetsAt.getTime() - resetsAt.getTime()) < 120_000)
    if (match) return match
  }
  const exhausted = all
    .filter((w) => w.usedPercent >= 100)
    .sort((a, b) => b.resetsAt.getTime() - a.resetsAt.getTime())
  return exhausted[0]
}

/** The 429 `usage_limit_reached` body (its `error` object) as a rate-limit error that names the reset time. */
export function usageLimitError(
  error: JsonObject,
  windows: UsageWindows | undefined,
  opts: ChatgptErrorOptions = {},
): CanonicalError {
  const now = opts.now ?? new Date()
  const inSeconds = numOf(error['resets_in_seconds'])
  const at = numOf(error['resets_at'])
  let resetsAt =
    at !== undefined
      ? new Date(at * 1000)
      : inSeconds !== undefined
        ? new Date(now.getTime() + inSeconds * 1000)
        : undefined
  const window = limitingWindow(windows, resetsAt)
  resetsAt ??= window?.resetsAt
  const which = window ? ` (${window.label} window)` : ''
  const out: CanonicalError = {
    kind: 'rate_limit',
    status: 429,
    code: 'usage_limit_reached',
    message: `ChatGPT usage limit reached${which}.`,
  }
  if (resetsAt) {
    out.message = `ChatGPT usage limit reached${which}; resets at ${formatReset(resetsAt, now, opts.timeZone)}.`
    out.retryAfterSeconds = Math.max(
      0,
      Math.ceil(inSeconds ?? (resetsAt.getTime() - now.getTime()) / 1000),
    )
  }
  return out
}

function fromErrorObject(
  error: JsonObject,
  status: number | undefined,
  windows: UsageWindows | undefined,
  opts: ChatgptErrorOptions,
): CanonicalError {
  const type = str(error['type'])
  const code = str(error['code'])
  const message = str(error['message'])
  if (type === 'usage_limit_reached' || code === 'usage_limit_reached')
    return usageLimitError(error, windows, opts)
  if (type === 'usage_not_included' || code === 'usage_not_included') {
    const plan = str(error['plan_type'])
    return {
      kind: 'billing',
      code: 'usage_not_included',
      message: `This ChatGPT plan${plan ? ` (${plan})` : ''} does not include Codex, so Switchboard cannot use it.`,
    }
  }
  if (code === 'invalid_encrypted_content') {
    return {
      kind: 'invalid_request',
      code,
      message: `ChatGPT could not read replayed reasoning (it came from another account or provider): ${message ?? code}`,
    }
  }
  if (code === 'server_is_overloaded' || code === 'slow_down')
    return {
      kind: 'overloaded',
      status: 503,
      code,
      message: message ?? 'ChatGPT is overloaded; try again shortly.',
    }
  const out: CanonicalError = {
    kind: kindFromOpenAI(type, code, status),
    message:
      message ?? (status ? `ChatGPT answered HTTP ${status}.` : 'The ChatGPT response failed.'),
  }
  if (status !== undefined) out.status = status
  if (code) out.code = code
  const param = str(error['param'])
  if (param) out.param = param
  const retry = /try again in ([\d.]+)\s*(ms|s)/i.exec(out.message)
  if (retry?.[1] && retry[2])
    out.retryAfterSeconds = Number(retry[1]) / (retry[2].toLowerCase() === 'ms' ? 1000 : 1)
  return out
}

function fromDetail(detail: string, status: number): CanonicalError {
  const model =
    /^The '([^']+)' model is not supported when using Codex with a ChatGPT account/.exec(detail)
  if (model)
    return {
      kind: 'not_found',
      code: 'model_not_found',
      param: 'model',
      message: `${detail} Pick a model from /v1/models.`,
    }
  const param = /^Unsupported parameter: (\S+)/.exec(detail)?.[1]
  if (param)
    return { kind: 'invalid_request', status: 400, param, message: `ChatGPT backend: ${detail}` }
  if (/^Item with id .* not found/.test(detail)) {
    return {
      kind: 'invalid_request',
      status: 400,
      param: 'input',
      message: `ChatGPT backend: ${detail}`,
    }
  }
  if (/usage_limit_reached|usage_not_included|rate_limit_exceeded/.test(detail)) {
    return { kind: 'rate_limit', status: 429, message: `ChatGPT usage limit: ${detail}` }
  }
  return {
    kind: status === 404 ? 'not_found' : kindForStatus(status),
    status,
    message: `ChatGPT backend: ${detail}`,
  }
}

function unauthorized(
  body: unknown,
  headers: HeaderSource,
  opts: ChatgptErrorOptions,
): CanonicalError {
  const code =
    str(errorJsonHeader(headers)?.['code']) ?? str(header(headers, 'x-openai-authorization-error'))
  const detail = isJsonObject(body)
    ? (str(body['detail']) ??
      (isJsonObject(body['error']) ? str(body['error']['message']) : undefined))
    : undefined
  const why = code ?? detail ?? 'unauthorized'
  return {
    kind: 'authentication',
    status: 401,
    code: code ?? 'chatgpt_unauthorized',
    message: `ChatGPT did not accept the sign-in (${why}). ${opts.signInHint ?? DEFAULT_SIGN_IN_HINT}`,
  }
}

/** True when a refresh of the access token (then one retry) is the right reaction. */
export function isAuthFailure(status: number): boolean {
  return status === 401
}

/** An HTTP error answer of the backend (before any stream). */
export function chatgptHttpError(
  status: number,
  bodyText: string,
  headers: HeaderSource,
  opts: ChatgptErrorOptions = {},
): CanonicalError {
  const body = tryParseJson(bodyText)
  const windows = parseUsageHeaders(headers, opts.now ?? new Date())
  if (status === 401) return unauthorized(body, headers, opts)
  if (isJsonObject(body) && isJsonObject(body['error']))
    return fromErrorObject(body['error'], status, windows, opts)
  if (isJsonObject(body) && body['detail'] !== undefined) {
    const detail =
      typeof body['detail'] === 'string' ? body['detail'] : JSON.stringify(body['detail'])
    return fromDetail(detail, status)
  }
  if (status === 403 && /1010|cloudflare/i.test(bodyText)) {
    return {
      kind: 'permission',
      status: 403,
      code: 'cloudflare_block',
      message:
        'Cloudflare blocked the request to ChatGPT (error 1010); check the originator/User-Agent settings or the network.',
    }
  }
  const text = bodyText.trim().slice(0, 300)
  return {
    kind: kindForStatus(status),
    status,
    message: `ChatGPT answered HTTP ${status}${text ? `: ${text}` : '.'}`,
  }
}

/** An in-stream `error` or `response.failed` event; undefined for any other event. */
export function chatgptStreamError(
  event: JsonObject,
  windows?: UsageWindows,
  opts: ChatgptErrorOptions = {},
): CanonicalError | undefined {
  if (event['type'] === 'error') {
    const nested = isJsonObject(event['error']) ? event['error'] : event
    return fromErrorObject(
      nested,
      numOf(event['status_code']) ?? numOf(event['status']),
      windows,
      opts,
    )
  }
  if (event['type'] === 'response.failed') {
    const response = isJsonObject(event['response']) ? event['response'] : {}
    const error = isJsonObject(response['error'])
      ? response['error']
      : { message: 'The ChatGPT response failed.' }
    return fromErrorObject(error, undefined, windows, opts)
  }
  return undefined
}
