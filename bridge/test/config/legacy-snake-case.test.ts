// codex-chat-bridge's flat JSON settings with snake_case keys migrate like the camelCase ones, value for value.
import { describe, expect, it } from 'vitest'
import { migrate } from '../../config/migrations.js'
import { settingsFromDocument } from '../../config/validate.js'

const camel = {
  host: '127.0.0.2',
  port: 4000,
  upstreamUrl: 'http://localhost:11434/v1/chat/completions',
  upstreamWire: 'chat',
  apiKeyEnv: 'OLLAMA_KEY',
  upstreamHeaders: { 'X-Team': 'blue' },
  httpShutdown: true,
  modelMap: { 'claude-sonnet-4-5': 'qwen3-coder' },
}

const snake = {
  host: '127.0.0.2',
  port: 4000,
  upstream_url: 'http://localhost:11434/v1/chat/completions',
  upstream_wire: 'chat',
  api_key_env: 'OLLAMA_KEY',
  upstream_http_headers: { 'X-Team': 'blue' },
  http_shutdown: true,
  model_map: { 'claude-sonnet-4-5': 'qwen3-coder' },
}

describe('snake_case legacy settings', () => {
  it('become exactly the settings the camelCase file becomes', () => {
    expect(settingsFromDocument(snake).settings).toEqual(settingsFromDocument(camel).settings)
    expect(migrate(snake).notes).toEqual(
      expect.arrayContaining(['upstream_url read as upstreamUrl', 'model_map read as modelMap']),
    )
  })

  it('read the alias http_headers, the wire name "messages", and the filter and forwarding lists', () => {
    const { settings, warnings } = settingsFromDocument({
      upstream_url: 'https://api.anthropic.com/v1/messages',
      upstream_wire: 'messages',
      http_headers: { 'x-a': '1' },
      forward_incoming_headers: ['X-Request-Id'],
      drop_tool_types: ['web_search'],
      drop_request_fields: ['prompt_cache_key'],
      server_info: '/tmp/info.json',
    })
    const upstream = settings.providers.find((p) => p.id === settings.defaultProvider)
    expect(upstream).toMatchObject({
      kind: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
      headers: { 'x-a': '1' },
    })
    expect(settings.forwardHeaders).toEqual(
      expect.arrayContaining(['x-request-id', 'openai-organization']),
    )
    expect(settings.filters).toMatchObject({
      dropToolTypes: ['web_search'],
      dropParams: ['prompt_cache_key'],
    })
    expect(warnings).toContain(
      'server_info is not a setting here; pass --server-info FILE to serve',
    )
  })

  it('let the camelCase spelling win when a file has both', () => {
    const { settings } = settingsFromDocument({
      port: 1,
      upstream_url: 'http://a/v1',
      upstreamUrl: 'http://b/v1',
    })
    expect(settings.providers.find((p) => p.id === settings.defaultProvider)?.baseUrl).toBe(
      'http://b/v1',
    )
  })
})
