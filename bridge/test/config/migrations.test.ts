// The settings migration chain: version-0 files of the earlier bridges, current files, newer files.
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../config/errors.js'
import {
  MIGRATIONS,
  documentVersion,
  migrate,
  type LegacySettingsV0,
} from '../../config/migrations.js'
import { SETTINGS_VERSION } from '../../config/schema.js'
import { parseSettings } from '../../config/validate.js'

describe('migrate', () => {
  it('migrates a version-0 file with every legacy field without losing a value', () => {
    const legacy: LegacySettingsV0 = {
      host: '127.0.0.2',
      port: 4000,
      upstreamUrl: 'http://localhost:11434/v1/chat/completions',
      upstreamWire: 'chat',
      apiKeyEnv: 'OLLAMA_KEY',
      upstreamHeaders: { 'X-Team': 'blue', 'HTTP-Referer': 'https://example.test' },
      httpShutdown: true,
      modelMap: {
        'claude-sonnet-4-5-20250929': 'qwen3-coder',
        'claude-haiku-4-5-20251001': 'qwen3:4b',
      },
    }
    const result = migrate(legacy)
    expect(result.from).toBe(0)
    expect(result.migrated).toBe(true)
    const { settings } = parseSettings(result.settings)
    expect(settings.version).toBe(SETTINGS_VERSION)
    expect(settings.server.host).toBe('127.0.0.2')
    expect(settings.server.port).toBe(4000)
    expect(settings.server.httpShutdown).toBe(true)
    expect(settings.providers).toEqual([
      { id: 'chatgpt', kind: 'chatgpt', baseUrl: 'https://chatgpt.com/backend-api/codex' },
      {
        id: 'upstream',
        kind: 'openai-chat',
        baseUrl: 'http://localhost:11434/v1',
        apiKeyEnv: 'OLLAMA_KEY',
        headers: { 'X-Team': 'blue', 'HTTP-Referer': 'https://example.test' },
      },
    ])
    expect(settings.defaultProvider).toBe('upstream')
    expect(settings.routing.rules).toEqual([
      { match: 'claude-sonnet-4-5-20250929', provider: 'upstream', model: 'qwen3-coder' },
      { match: 'claude-haiku-4-5-20251001', provider: 'upstream', model: 'qwen3:4b' },
    ])
    expect(result.notes.join('\n')).toContain("provider 'upstream'")
  })

  it('maps each legacy wire to a provider kind and base URL convention', () => {
    const kindOf = (doc: LegacySettingsV0) => {
      const { settings } = parseSettings(migrate(doc).settings)
      const p = settings.providers.find((x) => x.id === settings.defaultProvider)
      return [p?.kind, p?.baseUrl]
    }
    expect(
      kindOf({ upstreamUrl: 'https://api.example.test/v1/responses', upstreamWire: 'responses' }),
    ).toEqual(['openai-responses', 'https://api.example.test/v1'])
    expect(
      kindOf({ upstreamUrl: 'https://api.anthropic.com/v1/messages', upstreamWire: 'anthropic' }),
    ).toEqual(['anthropic', 'https://api.anthropic.com'])
    expect(kindOf({ upstreamUrl: 'http://127.0.0.1:9999/v1/messages' })).toEqual([
      'anthropic',
      'http://127.0.0.1:9999',
    ])
    expect(kindOf({ upstreamUrl: 'http://127.0.0.1:9999/v1' })).toEqual([
      'openai-chat',
      'http://127.0.0.1:9999/v1',
    ])
    expect(kindOf({ upstreamWire: 'anthropic' })).toEqual([
      'anthropic',
      'https://api.anthropic.com',
    ])
  })

  it('keeps a chatgpt-wire upstream URL on the built-in chatgpt provider', () => {
    const { settings } = parseSettings(
      migrate({
        upstreamWire: 'chatgpt',
        upstreamUrl: 'http://127.0.0.1:5555/backend-api/codex/responses',
      }).settings,
    )
    expect(settings.providers).toEqual([
      { id: 'chatgpt', kind: 'chatgpt', baseUrl: 'http://127.0.0.1:5555/backend-api/codex' },
    ])
    expect(settings.defaultProvider).toBe('chatgpt')
  })

  it('puts key, headers and model map on the default provider when no upstream was named', () => {
    const { settings } = parseSettings(
      migrate({ apiKeyEnv: 'K', upstreamHeaders: { a: 'b' }, modelMap: { x: 'y' } }).settings,
    )
    expect(settings.providers).toEqual([
      {
        id: 'chatgpt',
        kind: 'chatgpt',
        baseUrl: 'https://chatgpt.com/backend-api/codex',
        apiKeyEnv: 'K',
        headers: { a: 'b' },
      },
    ])
    expect(settings.routing.rules).toEqual([{ match: 'x', provider: 'chatgpt', model: 'y' }])
  })

  it('treats an unversioned document with current-format fields as a partial current document', () => {
    const result = migrate({ server: { port: 9100 }, log: { captureBodies: true } })
    expect(result.from).toBe(0)
    const { settings } = parseSettings(result.settings)
    expect(settings.server.port).toBe(9100)
    expect(settings.log.captureBodies).toBe(true)
  })

  it('leaves unknown legacy keys in place so validation names them', () => {
    const result = migrate({ port: 1, verbose: true })
    expect(() => parseSettings(result.settings)).toThrowError(/unknown setting verbose/)
  })

  it('does not touch a current document', () => {
    const doc = { version: 1, server: { port: 1234 } }
    const result = migrate(doc)
    expect(result).toEqual({ settings: doc, from: 1, migrated: false, notes: [] })
    expect(result.settings).not.toBe(doc)
  })

  it('refuses a document from a newer version instead of downgrading it', () => {
    expect(() => migrate({ version: SETTINGS_VERSION + 1 })).toThrowError(ConfigError)
    expect(() => migrate({ version: SETTINGS_VERSION + 1 })).toThrowError(
      /newer Switchboard \(version 2.*not downgraded/,
    )
  })

  it('rejects malformed versions and legacy values with the field named', () => {
    expect(() => migrate({ version: '1' })).toThrowError(
      /^version: expected a whole number, got "1"/,
    )
    expect(() => migrate([])).toThrowError(/settings must be a JSON object, got a list/)
    expect(() => migrate({ upstreamWire: 'grpc' })).toThrowError(
      /^upstreamWire: expected one of chat, responses, anthropic, chatgpt, codex-cli, got "grpc"/,
    )
    expect(() => migrate({ upstreamUrl: 'ftp://x' })).toThrowError(
      /^upstreamUrl must use http or https/,
    )
    expect(() => migrate({ modelMap: { a: 1 } })).toThrowError(
      /^modelMap\["a"\]: expected a model name/,
    )
  })

  it('has one step per version up to the current one', () => {
    expect(MIGRATIONS.map((m) => [m.from, m.to])).toEqual(
      Array.from({ length: SETTINGS_VERSION }, (_, i) => [i, i + 1]),
    )
    expect(documentVersion({})).toBe(0)
    expect(documentVersion({ version: 1 })).toBe(1)
  })
})
