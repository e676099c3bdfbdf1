// chatgptHeaders: what every backend call carries (codex-backend.md §2.2).
import { describe, expect, it } from 'vitest'
import { chatgptHeaders, DEFAULT_CLIENT_VERSION } from '../../../upstream/chatgpt/headers.js'

describe('chatgptHeaders', () => {
  it('carries the token, account id, SSE accept, originator, version and both session spellings', () => {
    const h = chatgptHeaders({ accessToken: 'tok', accountId: 'acc-1', sessionId: 'conv-1' })
    expect(h).toMatchObject({
      authorization: 'Bearer tok',
      'chatgpt-account-id': 'acc-1',
      'content-type': 'application/json',
      accept: 'text/event-stream',
      originator: 'codex_cli_rs',
      version: DEFAULT_CLIENT_VERSION,
      session_id: 'conv-1',
      'session-id': 'conv-1',
    })
    expect(h['user-agent']).toMatch(
      new RegExp(
        `^codex_cli_rs/${DEFAULT_CLIENT_VERSION.replace(/\./g, '\\.')} \\(.+\\) switchboard$`,
      ),
    )
    expect(h).not.toHaveProperty('openai-beta')
    expect(h).not.toHaveProperty('conversation_id')
  })

  it('takes the unconfirmed details as options', () => {
    const h = chatgptHeaders({
      accessToken: 't',
      accountId: 'a',
      sessionId: 's',
      options: {
        originator: 'codex-tui',
        clientVersion: '0.200.0',
        sessionHeader: 'session_id',
        conversationIdHeader: true,
        openaiBeta: 'responses=experimental',
        fedramp: true,
      },
    })
    expect(h).toMatchObject({
      originator: 'codex-tui',
      version: '0.200.0',
      session_id: 's',
      conversation_id: 's',
      'openai-beta': 'responses=experimental',
      'x-openai-fedramp': 'true',
    })
    expect(h['user-agent']).toMatch(/^codex-tui\/0\.200\.0 /)
    expect(h).not.toHaveProperty('session-id')
  })

  it("passes Codex's routing headers on but never the client's credentials", () => {
    const h = chatgptHeaders({
      accessToken: 't',
      accountId: 'a',
      sessionId: 's',
      incoming: {
        'x-codex-turn-state': 'ts-1',
        'x-codex-window-id': 'thread:0',
        authorization: 'Bearer client-key',
        'x-api-key': 'k',
        'chatgpt-account-id': 'evil',
      },
    })
    expect(h['x-codex-turn-state']).toBe('ts-1')
    expect(h['x-codex-window-id']).toBe('thread:0')
    expect(h['authorization']).toBe('Bearer t')
    expect(h['chatgpt-account-id']).toBe('a')
    expect(h).not.toHaveProperty('x-api-key')
  })
})
