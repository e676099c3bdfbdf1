// `switchboard serve` flag parsing: values, repeats, and clear messages for bad input.
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../config/errors.js'
import { SERVE_USAGE, parseServeFlags } from '../../config/flags.js'

describe('parseServeFlags', () => {
  it('returns only what was given', () => {
    expect(parseServeFlags([])).toEqual({ upstreamHeaders: {} })
  })

  it('parses every flag', () => {
    const flags = parseServeFlags([
      '--config',
      '/tmp/s.json',
      '--host',
      'localhost',
      '--port=0',
      '--upstream-url',
      'http://127.0.0.1:11434/v1',
      '--upstream-wire',
      'Chat',
      '--api-key-env',
      'OLLAMA_KEY',
      '--upstream-http-header',
      'X-A=1',
      '--upstream-http-header',
      'X-B: two=2',
      '--server-info',
      '/tmp/info.json',
      '--http-shutdown',
      '--allow-non-loopback',
      '--help',
    ])
    expect(flags).toEqual({
      config: '/tmp/s.json',
      host: 'localhost',
      port: 0,
      upstreamUrl: 'http://127.0.0.1:11434/v1',
      upstreamWire: 'chat',
      apiKeyEnv: 'OLLAMA_KEY',
      upstreamHeaders: { 'X-A': '1', 'X-B': 'two=2' },
      serverInfo: '/tmp/info.json',
      httpShutdown: true,
      allowNonLoopback: true,
      help: true,
    })
  })

  it('lets a later header replace an earlier one with the same name in any case', () => {
    expect(
      parseServeFlags(['--upstream-http-header', 'x-a=1', '--upstream-http-header', 'X-A=2'])
        .upstreamHeaders,
    ).toEqual({ 'X-A': '2' })
  })

  it('keeps an empty header value and an = inside the value', () => {
    expect(parseServeFlags(['--upstream-http-header', 'X-Empty=']).upstreamHeaders).toEqual({
      'X-Empty': '',
    })
    expect(parseServeFlags(['--upstream-http-header', 'X-Q=a=b']).upstreamHeaders).toEqual({
      'X-Q': 'a=b',
    })
  })

  it.each([
    [['--port', 'abc'], "--port must be an integer 0-65535, got 'abc'"],
    [['--port', '65536'], "--port must be an integer 0-65535, got '65536'"],
    [['--port=-1'], "--port must be an integer 0-65535, got '-1'"],
    [['--port', '80.5'], "--port must be an integer 0-65535, got '80.5'"],
    [
      ['--upstream-wire', 'grpc'],
      "--upstream-wire must be one of chat, responses, anthropic, chatgpt, codex-cli, got 'grpc'",
    ],
    [['--upstream-url', 'localhost:8080'], '--upstream-url: upstream URL must use http or https'],
    [
      ['--upstream-url', 'not a url'],
      "--upstream-url: upstream URL must be an absolute http(s) URL, got 'not a url'",
    ],
    [
      ['--upstream-url', 'http://u:p@h/v1'],
      '--upstream-url: upstream URL must not contain credentials',
    ],
    [
      ['--api-key-env', 'MY-KEY'],
      "--api-key-env must be an environment variable name (letters, digits, _), got 'MY-KEY'",
    ],
    [
      ['--upstream-http-header', 'novalue'],
      "--upstream-http-header must look like NAME=VALUE with a valid header name, got 'novalue'",
    ],
    [['--upstream-http-header', 'Bad Name=x'], '--upstream-http-header must look like NAME=VALUE'],
    [['--host', ''], "--host must be a host name or IP address, got ''"],
    [['--prot', '1'], "unknown option '--prot' (see switchboard serve --help)"],
    [['extra'], "unexpected argument 'extra' (see switchboard serve --help)"],
    [['--port'], '--port needs a value'],
    [['--config', ''], '--config needs a file path'],
  ])('%j → %s', (argv, message) => {
    expect(() => parseServeFlags(argv)).toThrowError(ConfigError)
    expect(() => parseServeFlags(argv)).toThrowError(message)
  })

  it('documents every flag in the usage text', () => {
    for (const flag of [
      '--config',
      '--host',
      '--port',
      '--upstream-url',
      '--upstream-wire',
      '--api-key-env',
      '--upstream-http-header',
      '--server-info',
      '--http-shutdown',
      '--allow-non-loopback',
      '--help',
    ]) {
      expect(SERVE_USAGE).toContain(flag)
    }
  })
})
