// codex-chat-bridge's conf.toml as serve flags: every key it documents, its alias, and errors that name the field.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mergeFlags, parseBridgeToml } from '../../config/bridge-toml.js'
import { defaultSettings } from '../../config/defaults.js'
import { effectiveSettings } from '../../config/effective.js'
import { ConfigError } from '../../config/errors.js'
import { parseServeFlags } from '../../config/flags.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/legacy/codex-chat-bridge.conf.toml')

function problem(text: string): string {
  try {
    parseBridgeToml(text, '/home/me/conf.toml')
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('expected a ConfigError')
}

describe('conf.toml', () => {
  it('reads every documented key; upstream_http_headers wins over its alias http_headers', () => {
    const { flags, notes } = parseBridgeToml(readFileSync(FIXTURE, 'utf8'), 'conf.toml')
    expect(flags).toMatchObject({
      upstreamUrl: 'http://127.0.0.1:9/v1/chat/completions',
      upstreamWire: 'chat',
      apiKeyEnv: 'LEGACY_UPSTREAM_KEY',
      httpShutdown: true,
      forwardHeaders: ['x-codex-turn-state', 'x-request-id'],
      dropToolTypes: ['web_search', 'web_search_preview'],
      dropParams: ['prompt_cache_key'],
    })
    expect(flags.upstreamHeaders).toEqual({
      'openai-organization': 'org_123',
      'x-custom-header': 'value',
      'x-alias-only': 'yes',
    })
    expect(notes).toEqual([
      expect.stringMatching(/verbose_logging is not used/),
      expect.stringMatching(/features is not used/),
    ])
  })

  it('becomes the settings the gateway runs with: provider, headers, filters, shutdown', () => {
    const { flags } = parseBridgeToml(readFileSync(FIXTURE, 'utf8'), 'conf.toml')
    const { settings } = effectiveSettings(defaultSettings(), flags, {})
    const cli = settings.providers.find((p) => p.id === 'cli')
    expect(settings.defaultProvider).toBe('cli')
    expect(cli).toMatchObject({
      kind: 'openai-chat',
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKeyEnv: 'LEGACY_UPSTREAM_KEY',
    })
    expect(cli?.headers).toMatchObject({ 'openai-organization': 'org_123' })
    expect(settings.forwardHeaders).toEqual(
      expect.arrayContaining(['x-codex-turn-state', 'x-request-id', 'openai-organization']),
    )
    expect(settings.filters).toMatchObject({
      dropToolTypes: ['web_search', 'web_search_preview'],
      dropParams: ['prompt_cache_key'],
    })
    expect(settings.server.httpShutdown).toBe(true)
  })

  it('reads host, port, server_info and the wire name "messages" (Anthropic)', () => {
    const { flags } = parseBridgeToml(
      'host = "localhost"\nport = 18701\nserver_info = "/tmp/info.json"\nupstream_wire = "messages"\n',
      'c.toml',
    )
    expect(flags).toMatchObject({
      host: 'localhost',
      port: 18701,
      serverInfo: '/tmp/info.json',
      upstreamWire: 'anthropic',
    })
  })

  it('lets command-line flags win over the file, and adds up the lists', () => {
    const file = parseBridgeToml(
      'port = 1234\nupstream_wire = "responses"\nupstream_url = "http://127.0.0.1:9/v1/responses"\ndrop_tool_types = ["a"]\n[upstream_http_headers]\nX-One = "file"\n',
      'c.toml',
    ).flags
    const merged = mergeFlags(
      file,
      parseServeFlags([
        '--port',
        '0',
        '--upstream-url',
        'http://127.0.0.1:8/v1',
        '--upstream-http-header',
        'x-one=cli',
        '--drop-tool-type',
        'b',
      ]),
    )
    expect(merged.port).toBe(0)
    expect(merged.upstreamUrl).toBe('http://127.0.0.1:8/v1')
    expect(merged.upstreamWire).toBeUndefined()
    expect(merged.upstreamHeaders).toEqual({ 'x-one': 'cli' })
    expect(merged.dropToolTypes).toEqual(['a', 'b'])
  })

  it('names the file and the field when a value cannot be used', () => {
    expect(problem('port = "eighty"')).toMatch(
      /^\/home\/me\/conf\.toml: port: expected a whole number/,
    )
    expect(problem('upstream_wire = "grpc"')).toMatch(
      /conf\.toml: upstream_wire: expected one of chat, responses/,
    )
    expect(problem('upstream_url = "ftp://x/v1"')).toMatch(
      /conf\.toml: upstream_url must use http or https/,
    )
    expect(problem('api_key_env = "my key"')).toMatch(
      /conf\.toml: api_key_env: expected an environment variable name/,
    )
    expect(problem('drop_tool_types = "web_search"')).toMatch(
      /conf\.toml: drop_tool_types: expected a list/,
    )
    expect(problem('[upstream_http_headers]\n"bad header" = "x"')).toMatch(
      /conf\.toml: upstream_http_headers\.bad header: not a valid header name/,
    )
    expect(problem('http_shutdown = "yes"')).toMatch(
      /conf\.toml: http_shutdown: expected true or false/,
    )
    expect(problem('upstream_url = "http://x/v1"\nport = ')).toMatch(
      /^\/home\/me\/conf\.toml is not valid TOML \(line 2, column/,
    )
  })
})
