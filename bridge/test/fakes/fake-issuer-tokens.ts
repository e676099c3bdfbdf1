// JWTs the fake issuer hands out: HS256 (or unsigned) id/access tokens carrying the claims of codex-backend.md §1.7.
import { randomBytes } from 'node:crypto'
import { SignJWT, UnsecuredJWT } from 'jose'

export interface Identity {
  email: string
  planType: string
  accountId: string
  userId: string
}

export interface MintOptions {
  issuer: string
  clientId: string
  signing: 'none' | 'HS256'
  secret: Uint8Array
  accessTtlSeconds: number
  idTtlSeconds: number
}

export interface MintedTokens {
  id_token: string
  access_token: string
  refresh_token: string
  /** Epoch seconds. */
  access_exp: number
}

export async function mintTokens(identity: Identity, options: MintOptions): Promise<MintedTokens> {
  const now = Math.floor(Date.now() / 1000)
  const auth = {
    chatgpt_account_id: identity.accountId,
    chatgpt_plan_type: identity.planType,
    chatgpt_user_id: identity.userId,
    user_id: identity.userId,
    organizations: [{ id: 'org-fake', is_default: true, role: 'owner', title: 'Personal' }],
  }
  const idClaims = {
    email: identity.email,
    'https://api.openai.com/profile': { email: identity.email, email_verified: true },
    'https://api.openai.com/auth': auth,
  }
  const accessClaims = {
    'https://api.openai.com/profile': { email: identity.email, email_verified: true },
    'https://api.openai.com/auth': {
      chatgpt_account_id: identity.accountId,
      chatgpt_plan_type: identity.planType,
      user_id: identity.userId,
    },
    scp: ['openid', 'profile', 'email', 'offline_access'],
  }
  const id_token = await sign(idClaims, {
    ...options,
    audience: options.clientId,
    exp: now + options.idTtlSeconds,
    subject: identity.userId,
  })
  const access_exp = now + options.accessTtlSeconds
  const access_token = await sign(accessClaims, {
    ...options,
    audience: 'https://api.openai.com/v1',
    exp: access_exp,
    subject: identity.userId,
  })
  return {
    id_token,
    access_token,
    refresh_token: `rt_${randomBytes(24).toString('base64url')}`,
    access_exp,
  }
}

async function sign(
  claims: Record<string, unknown>,
  o: MintOptions & { audience: string; exp: number; subject: string },
): Promise<string> {
  const jti = randomBytes(8).toString('hex')
  if (o.signing === 'none') {
    return new UnsecuredJWT(claims)
      .setIssuer(o.issuer)
      .setAudience(o.audience)
      .setSubject(o.subject)
      .setIssuedAt()
      .setExpirationTime(o.exp)
      .setJti(jti)
      .encode()
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(o.issuer)
    .setAudience(o.audience)
    .setSubject(o.subject)
    .setIssuedAt()
    .setExpirationTime(o.exp)
    .setJti(jti)
    .sign(o.secret)
}
