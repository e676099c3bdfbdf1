// conversationKeyFor: Codex keys and headers, Claude Code's session header and metadata, else a content hash.
import { describe, expect, it } from 'vitest'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import { codecFor } from '../../../protocol/registry.js'
import {
  conversationKeyFor,
  sessionFromUserId,
  uuidFromText,
} from '../../../upstream/chatgpt/conversation-key.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function claude(body: Record<string, unknown>): CanonicalRequest {
  return codecFor('anthropic-messages').decodeRequest({
    model: 'claude-sonnet-4-6',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'hi' }],
    ...body,
  })
}

describe('conversationKeyFor', () => {
  it("prefers Codex's prompt_cache_key, then its session headers", () => {
    const req = codecFor('openai-responses').decodeRequest({
      model: 'gpt-5.5',
      input: 'hi',
      prompt_cache_key: 'thread-1',
    })
    expect(conversationKeyFor({ 'session-id': 'other' }, req)).toEqual({
      key: 'thread-1',
      sessionId: 'thread-1',
      source: 'prompt_cache_key',
    })
    const bare = codecFor('openai-responses').decodeRequest({ model: 'gpt-5.5', input: 'hi' })
    expect(conversationKeyFor({ 'session-id': 'thread-2' }, bare)).toMatchObject({
      key: 'thread-2',
      source: 'codex-session-header',
    })
    expect(conversationKeyFor({ session_id: 'thread-3' }, bare)).toMatchObject({
      key: 'thread-3',
      source: 'codex-session-header',
    })
  })

  it("uses Claude Code's session header, separating subagents", () => {
    const req = claude({})
    const session = '6f1c2b9e-3a4d-4e5f-8a7b-9c0d1e2f3a4b'
    expect(conversationKeyFor({ 'x-claude-code-session-id': session }, req)).toMatchObject({
      key: session,
      source: 'claude-code-session-header',
    })
    const agent = conversationKeyFor(
      { 'x-claude-code-session-id': session, 'x-claude-code-agent-id': 'agent-7' },
      req,
    )
    expect(agent.key).toMatch(UUID)
    expect(agent.key).not.toBe(session)
    expect(
      conversationKeyFor(
        { 'x-claude-code-session-id': session, 'x-claude-code-agent-id': 'agent-7' },
        req,
      ).key,
    ).toBe(agent.key)
  })

  it('reads the session_id inside metadata.user_id (a JSON string), and the older underscore form', () => {
    const userId = JSON.stringify({
      device_id: 'a'.repeat(64),
      account_uuid: '',
      session_id: 'sess-uuid-1',
    })
    expect(conversationKeyFor({}, claude({ metadata: { user_id: userId } }))).toMatchObject({
      key: 'sess-uuid-1',
      source: 'claude-code-metadata',
    })
    expect(
      sessionFromUserId(
        `user_${'b'.repeat(64)}_account__session_0d4e7f2a-1111-2222-3333-444455556666`,
      ),
    ).toBe('0d4e7f2a-1111-2222-3333-444455556666')
    expect(sessionFromUserId('plain-user')).toBeUndefined()
  })

  it('falls back to a stable hash of the system prompt and the first user message', () => {
    const a = conversationKeyFor(
      {},
      claude({ system: 'S', messages: [{ role: 'user', content: 'first' }] }),
    )
    const b = conversationKeyFor(
      {},
      claude({
        system: 'S',
        messages: [
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'x' },
          { role: 'user', content: 'second' },
        ],
      }),
    )
    const c = conversationKeyFor(
      {},
      claude({ system: 'S', messages: [{ role: 'user', content: 'another' }] }),
    )
    expect(a.source).toBe('content-hash')
    expect(a.key).toMatch(UUID)
    expect(b.key).toBe(a.key)
    expect(c.key).not.toBe(a.key)
  })

  it('never forwards an unsafe client value as a header', () => {
    const req = codecFor('openai-responses').decodeRequest({
      model: 'gpt-5.5',
      input: 'hi',
      prompt_cache_key: 'bad\r\nheader: x',
    })
    const key = conversationKeyFor({}, req)
    expect(key.key).toBe(uuidFromText('bad\r\nheader: x'))
    expect(key.sessionId).toBe(key.key)
  })
})
