// Defaults, deep-merge of partial documents, and validation messages that name the field.
import { describe, expect, it } from 'vitest'
import { Value } from '@sinclair/typebox/value'
import { defaultSettings } from '../../config/defaults.js'
import { ConfigError } from '../../config/errors.js'
import { Settings } from '../../config/schema.js'
import {
  jsonPath,
  parseSettings,
  settingsFromDocument,
  validateSettings,
} from '../../config/validate.js'

function errorsOf(doc: unknown): string[] {
  const result = validateSettings(doc)
  if (result.ok) throw new Error('expected the document to be invalid')
  return result.errors
}

describe('defaultSettings', () => {
  it('matches the schema and the documented values', () => {
    const s = defaultSettings()
    expect(Value.Check(Settings, s)).toBe(true)
    expect(s.server).toEqual({
      host: '127.0.0.1',
      port: 8787,
      allowNonLoopback: false,
      allowedHosts: [],
      allowedOrigins: [],
      bodyLimitMb: 50,
      httpShutdown: false,
    })
    expect(s.providers).toEqual([
      { id: 'chatgpt', kind: 'chatgpt', baseUrl: 'https://chatgpt.com/backend-api/codex' },
    ])
    expect(s.defaultProvider).toBe('chatgpt')
    expect(s.routing).toEqual({ rules: [], families: {}, passthrough: false })
    expect(s.forwardHeaders).toEqual([
      'openai-organization',
      'openai-project',
      'x-openai-subagent',
      'x-codex-turn-state',
      'x-codex-turn-metadata',
    ])
    expect(s.filters).toEqual({ dropToolTypes: [], dropParams: [], convertCustomTools: true })
    expect(s.log).toEqual({ maxEntries: 1000, captureBodies: false, maxBodyBytes: 262144 })
    expect(s.stream).toEqual({ idleTimeoutMs: 120000, keepaliveMs: 15000 })
  })

  it('returns a fresh object each time', () => {
    const a = defaultSettings()
    a.server.port = 1
    a.providers.push({ id: 'x', kind: 'openai-chat', baseUrl: 'http://x' })
    expect(defaultSettings().server.port).toBe(8787)
    expect(defaultSettings().providers).toHaveLength(1)
  })
})

describe('jsonPath', () => {
  it('renders JSON pointers as dotted paths with indexes', () => {
    expect(jsonPath('/providers/0/kind')).toBe('providers[0].kind')
    expect(jsonPath('/server/port')).toBe('server.port')
    expect(jsonPath('/providers/1/headers/x~1y')).toBe('providers[1].headers["x/y"]')
    expect(jsonPath('')).toBe('(settings)')
  })
})

describe('validateSettings', () => {
  it('fills a partial document from the defaults', () => {
    const result = validateSettings({
      server: { port: 9000 },
      routing: { families: { haiku: 'gpt-5.4-mini' } },
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.settings.server.port).toBe(9000)
    expect(result.settings.server.host).toBe('127.0.0.1')
    expect(result.settings.routing).toEqual({
      rules: [],
      families: { haiku: 'gpt-5.4-mini' },
      passthrough: false,
    })
    expect(result.settings.log.maxEntries).toBe(1000)
  })

  it('an empty document is the defaults', () => {
    const result = validateSettings({})
    expect(result.ok && result.settings).toEqual(defaultSettings())
  })

  it('names an unknown field as an unknown setting', () => {
    expect(errorsOf({ server: { prot: 8080 } })).toEqual(['unknown setting server.prot'])
    expect(errorsOf({ colour: 'blue' })).toEqual(['unknown setting colour'])
    expect(
      errorsOf({ providers: [{ id: 'a', kind: 'anthropic', baseUrl: 'http://a', apikey: 'x' }] }),
    ).toEqual(['unknown setting providers[0].apikey'])
  })

  it('lists the allowed values of an enum', () => {
    const [message] = errorsOf({
      providers: [{ id: 'a', kind: 'gemini', baseUrl: 'http://a' }],
      defaultProvider: 'a',
    })
    expect(message).toBe(
      "providers[0].kind: expected one of openai-chat, openai-responses, anthropic, chatgpt, codex-cli, got 'gemini'",
    )
  })

  it('states number bounds and integer-ness', () => {
    expect(errorsOf({ server: { port: 70000 } })).toEqual([
      'server.port: expected integer ≤ 65535, got 70000',
    ])
    expect(errorsOf({ server: { port: 80.5 } })).toEqual([
      'server.port: expected integer, got 80.5',
    ])
    expect(errorsOf({ server: { port: '8080' } })).toEqual([
      "server.port: expected integer, got '8080'",
    ])
    expect(errorsOf({ server: { bodyLimitMb: 0 } })).toEqual([
      'server.bodyLimitMb: expected number > 0, got 0',
    ])
    expect(errorsOf({ log: { maxBodyBytes: 10 } })).toEqual([
      'log.maxBodyBytes: expected integer ≥ 1024, got 10',
    ])
  })

  it('reports each problem once, at the highest broken field', () => {
    expect(errorsOf({ server: 'localhost' })).toEqual([
      "server: expected an object, got 'localhost'",
    ])
    expect(errorsOf({ routing: { passthrough: 'yes' } })).toEqual([
      "routing.passthrough: expected true or false, got 'yes'",
    ])
    expect(errorsOf({ providers: [{ kind: 'chatgpt' }] })).toEqual([
      'providers[0].id: required',
      'providers[0].baseUrl: required',
    ])
  })

  it('collects several errors in one pass', () => {
    const errors = errorsOf({
      server: { port: -1, host: 5 },
      routing: { rules: [{ match: '', provider: 'chatgpt' }] },
    })
    expect(errors).toContain('server.port: expected integer ≥ 0, got -1')
    expect(errors).toContain('server.host: expected text, got 5')
    expect(errors).toContain('routing.rules[0].match: must not be empty')
  })

  it('explains a bad provider id', () => {
    expect(
      errorsOf({ providers: [{ id: 'My Provider', kind: 'anthropic', baseUrl: 'http://a' }] })[0],
    ).toMatch(/^providers\[0\]\.id: expected a lower-case id .*got 'My Provider'$/)
  })

  it('checks references between fields', () => {
    expect(errorsOf({ defaultProvider: 'ollama' })).toEqual([
      "defaultProvider: no provider with id 'ollama' (providers: chatgpt)",
    ])
    expect(
      errorsOf({
        providers: [
          { id: 'a', kind: 'openai-chat', baseUrl: 'http://a/v1' },
          { id: 'a', kind: 'anthropic', baseUrl: 'not a url' },
        ],
        defaultProvider: 'a',
      }),
    ).toEqual([
      "providers[1].id: duplicate provider id 'a'",
      "providers[1].baseUrl: expected an http(s) URL, got 'not a url'",
    ])
  })

  it('warns (without failing) about a rule that names a missing provider', () => {
    const result = validateSettings({
      routing: { rules: [{ match: 'claude-*', provider: 'gone' }] },
    })
    expect(result.ok).toBe(true)
    expect(result.warnings).toEqual([
      "routing.rules[0].provider: no provider with id 'gone'; requests matching 'claude-*' will fail",
    ])
  })

  it('rejects documents that are not objects', () => {
    expect(errorsOf([])).toEqual(['settings must be a JSON object'])
    expect(errorsOf(null)).toEqual(['settings must be a JSON object'])
  })
})

describe('parseSettings / settingsFromDocument', () => {
  it('throws a ConfigError listing every problem', () => {
    expect(() => parseSettings({ server: { prot: 1, port: 99999 } })).toThrowError(ConfigError)
    try {
      parseSettings({ server: { prot: 1, port: 99999 } })
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const problems = (error as ConfigError).problems
      expect(problems).toEqual([
        'unknown setting server.prot',
        'server.port: expected integer ≤ 65535, got 99999',
      ])
      expect((error as Error).message).toContain('unknown setting server.prot')
    }
  })

  it('migrates then validates a stored document', () => {
    const result = settingsFromDocument({ port: 9001 })
    expect(result.from).toBe(0)
    expect(result.migrated).toBe(true)
    expect(result.settings.server.port).toBe(9001)
    const current = settingsFromDocument({ version: 1, server: { port: 9002 } })
    expect(current.migrated).toBe(false)
    expect(current.settings.server.port).toBe(9002)
  })
})
