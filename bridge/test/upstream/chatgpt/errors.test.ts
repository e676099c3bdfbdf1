// Backend failures → canonical errors: the usage-limit 429 with its reset time, sign-in, detail strings.
import { describe, expect, it } from 'vitest'
import { codecFor } from '../../../protocol/registry.js'
import {
  chatgptHttpError,
  chatgptStreamError,
  usageLimitError,
} from '../../../upstream/chatgpt/errors.js'
import { parseUsageHeaders } from '../../../upstream/chatgpt/usage-limits.js'
import { startFakeCodexBackend } from '../../fakes/fake-codex-backend.js'

const NOW = new Date('2026-05-04T13:28:00Z')
const at = (iso: string): number => Date.parse(iso) / 1000

describe('usage limit', () => {
  it('names the window and the reset time, with retry-after from resets_in_seconds', () => {
    const headers = {
      'x-codex-primary-used-percent': '100',
      'x-codex-primary-window-minutes': '300',
      'x-codex-primary-reset-at': String(at('2026-05-04T14:05:00Z')),
      'x-codex-secondary-used-percent': '80',
      'x-codex-secondary-window-minutes': '10080',
      'x-codex-secondary-reset-at': String(at('2026-05-09T10:00:00Z')),
    }
    const body = {
      error: {
        type: 'usage_limit_reached',
        message: 'The usage limit has been reached',
        plan_type: 'plus',
        resets_at: at('2026-05-04T14:05:00Z'),
        eligible_promo: null,
        resets_in_seconds: 2220,
      },
    }
    const err = chatgptHttpError(429, JSON.stringify(body), headers, { now: NOW })
    expect(err).toEqual({
      kind: 'rate_limit',
      status: 429,
      code: 'usage_limit_reached',
      message: 'ChatGPT usage limit reached (5-hour window); resets at 14:05 UTC (in 37 min).',
      retryAfterSeconds: 2220,
    })
  })

  it('finds the weekly window when that is the exhausted one, and works from resets_at alone', () => {
    const windows = parseUsageHeaders(
      {
        'x-codex-primary-used-percent': '100',
        'x-codex-primary-window-minutes': '10080',
        'x-codex-primary-reset-at': String(at('2026-05-06T13:28:00Z')),
      },
      NOW,
    )
    const err = usageLimitError(
      { type: 'usage_limit_reached', resets_at: at('2026-05-06T13:28:00Z') },
      windows,
      { now: NOW },
    )
    expect(err.message).toBe(
      'ChatGPT usage limit reached (weekly window); resets at Wed 6 May 13:28 UTC (in 2 d).',
    )
    expect(err.retryAfterSeconds).toBe(2 * 86400)
    expect(usageLimitError({ type: 'usage_limit_reached' }, undefined, { now: NOW }).message).toBe(
      'ChatGPT usage limit reached.',
    )
  })

  it('reaches an Anthropic client as its own rate-limit error with the reset in the message', () => {
    const err = usageLimitError(
      { type: 'usage_limit_reached', resets_in_seconds: 600 },
      undefined,
      { now: NOW },
    )
    const envelope = codecFor('anthropic-messages').encodeError(err)
    expect(envelope.status).toBe(429)
    expect(envelope.body).toMatchObject({
      type: 'error',
      error: {
        type: 'rate_limit_error',
        message: expect.stringContaining('resets at 13:38 UTC (in 10 min)'),
      },
    })
  })

  it('maps the fake backend 429 read over a socket', async () => {
    const fake = await startFakeCodexBackend()
    try {
      fake.failNext('usage-limit')
      const res = await fetch(`${fake.baseUrl}/responses`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${fake.validToken}`,
          'chatgpt-account-id': fake.accountId,
        },
        body: '{}',
      })
      const err = chatgptHttpError(res.status, await res.text(), res.headers)
      expect(err.kind).toBe('rate_limit')
      expect(err.message).toMatch(
        /^ChatGPT usage limit reached \(5-hour window\); resets at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d UTC \(in (59|60) min\)\.$|^ChatGPT usage limit reached \(5-hour window\); resets at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d UTC \(in 1 h\)\.$/,
      )
      expect(err.retryAfterSeconds).toBe(3600)
    } finally {
      await fake.close()
    }
  })
})

describe('other backend errors', () => {
  it('401: names the reason from x-error-json and says how to sign in again', () => {
    const errorJson = Buffer.from(JSON.stringify({ error: { code: 'token_expired' } })).toString(
      'base64',
    )
    const err = chatgptHttpError(401, '{"detail":"Unauthorized"}', { 'x-error-json': errorJson })
    expect(err).toMatchObject({ kind: 'authentication', status: 401, code: 'token_expired' })
    expect(err.message).toBe(
      'ChatGPT did not accept the sign-in (token_expired). Sign in again with `switchboard login`.',
    )
    expect(
      chatgptHttpError(401, '', {}, { signInHint: 'Open the tray and sign in.' }).message,
    ).toContain('Open the tray and sign in.')
  })

  it('400 detail strings', () => {
    expect(
      chatgptHttpError(400, '{"detail":"Unsupported parameter: temperature"}', {}),
    ).toMatchObject({
      kind: 'invalid_request',
      param: 'temperature',
      message: 'ChatGPT backend: Unsupported parameter: temperature',
    })
    expect(chatgptHttpError(400, '{"detail":"Store must be set to false"}', {})).toMatchObject({
      kind: 'invalid_request',
      status: 400,
    })
    expect(
      chatgptHttpError(
        400,
        `{"detail":"The 'gpt-5.3-codex' model is not supported when using Codex with a ChatGPT account."}`,
        {},
      ),
    ).toMatchObject({ kind: 'not_found', code: 'model_not_found', param: 'model' })
  })

  it('OpenAI-style errors keep code, param and retry hints', () => {
    const effort = {
      error: {
        message: "Unsupported value: 'minimal' is not supported with the 'gpt-5.6-sol' model.",
        type: 'invalid_request_error',
        param: 'reasoning.effort',
        code: 'unsupported_value',
      },
    }
    expect(chatgptHttpError(400, JSON.stringify(effort), {})).toMatchObject({
      kind: 'invalid_request',
      status: 400,
      param: 'reasoning.effort',
      code: 'unsupported_value',
    })
    expect(chatgptHttpError(503, '{"error":{"code":"server_is_overloaded"}}', {})).toMatchObject({
      kind: 'overloaded',
      code: 'server_is_overloaded',
    })
    expect(
      chatgptHttpError(429, '{"error":{"type":"usage_not_included","plan_type":"free"}}', {}),
    ).toMatchObject({
      kind: 'billing',
      message: expect.stringContaining('(free) does not include Codex'),
    })
    expect(
      chatgptHttpError(400, '{"error":{"code":"invalid_encrypted_content","message":"bad"}}', {}),
    ).toMatchObject({ kind: 'invalid_request', code: 'invalid_encrypted_content' })
    expect(
      chatgptHttpError(
        404,
        '{"error":{"message":"Item with id \'rs_1\' not found.","type":"invalid_request_error"}}',
        {},
      ),
    ).toMatchObject({ kind: 'invalid_request', status: 404 })
    expect(chatgptHttpError(502, '<html>bad gateway</html>', {})).toMatchObject({
      kind: 'api_error',
      status: 502,
      message: 'ChatGPT answered HTTP 502: <html>bad gateway</html>',
    })
    expect(chatgptHttpError(403, 'error code: 1010', {})).toMatchObject({
      kind: 'permission',
      code: 'cloudflare_block',
    })
  })

  it('in-stream failures', () => {
    const failed = {
      type: 'response.failed',
      response: {
        status: 'failed',
        error: {
          code: 'rate_limit_exceeded',
          message: 'Rate limit reached for gpt-5.1. Please try again in 11.054s.',
        },
      },
    }
    expect(chatgptStreamError(failed)).toEqual({
      kind: 'rate_limit',
      code: 'rate_limit_exceeded',
      message: failed.response.error.message,
      retryAfterSeconds: 11.054,
    })
    const ctx = {
      type: 'response.failed',
      response: {
        error: {
          code: 'context_length_exceeded',
          message: 'Your input exceeds the context window of this model.',
        },
      },
    }
    expect(chatgptStreamError(ctx)).toMatchObject({
      kind: 'invalid_request',
      code: 'context_length_exceeded',
    })
    const ws = {
      type: 'error',
      status_code: 429,
      error: { type: 'usage_limit_reached', resets_in_seconds: 60 },
    }
    expect(chatgptStreamError(ws, undefined, { now: NOW })).toMatchObject({
      kind: 'rate_limit',
      retryAfterSeconds: 60,
    })
    expect(chatgptStreamError({ type: 'response.output_text.delta' })).toBeUndefined()
  })
})
