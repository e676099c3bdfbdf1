// Reads who is signed in from the id/access token payloads (no verification: they came straight from the issuer over TLS).
import { decodeJwt } from 'jose'
import type { JWTPayload } from 'jose'

export const AUTH_CLAIM = 'https://api.openai.com/auth'
export const PROFILE_CLAIM = 'https://api.openai.com/profile'

export interface TokenClaims {
  email: string | null
  plan: string | null
  accountId: string | null
  /** Access-token `exp` in epoch ms. */
  expiresAt: number | null
}

export function decodePayload(jwt: string | undefined): JWTPayload | null {
  if (jwt === undefined || jwt === '') return null
  try {
    return decodeJwt(jwt)
  } catch {
    return null
  }
}

export function readTokenClaims(
  idToken: string | undefined,
  accessToken: string | undefined,
): TokenClaims {
  const id = decodePayload(idToken)
  const access = decodePayload(accessToken)
  const idAuth = nested(id, AUTH_CLAIM)
  const accessAuth = nested(access, AUTH_CLAIM)
  return {
    email:
      text(id?.['email']) ??
      text(nested(id, PROFILE_CLAIM)?.['email']) ??
      text(nested(access, PROFILE_CLAIM)?.['email']),
    plan: text(idAuth?.['chatgpt_plan_type']) ?? text(accessAuth?.['chatgpt_plan_type']),
    accountId: text(idAuth?.['chatgpt_account_id']) ?? text(accessAuth?.['chatgpt_account_id']),
    expiresAt: typeof access?.exp === 'number' ? access.exp * 1000 : null,
  }
}

function nested(payload: JWTPayload | null, key: string): Record<string, unknown> | undefined {
  const value = payload?.[key]
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}
