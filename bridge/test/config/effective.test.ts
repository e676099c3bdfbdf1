// Effective settings for `serve`: flags > environment > file > defaults, upstream flags, loopback guard.
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import {
  assertBindAllowed,
  effectiveSettings,
  isLoopbackHost,
  parseBooleanEnv,
} from '../../config/effective.js'
import { ConfigError } from '../../config/errors.js'
import { parseServeFlags } from '../../config/flags.js'
import type { Settings } from '../../config/schema.js'
import { parseSettings } from '../../config/validate.js'

function fileSettings(doc: unknown = {}): Settings {
  return parseSettings(doc).settings
}
const run = (argv: string[], env: Record<string, string> = {}, file: Settings = fileSettings()) =>
  effectiveSettings(file, parseServeFlags(argv), env)

describe('precedence', () => {
  it('uses the file over the defaults when nothing else is given', () => {
    const file = fileSettings({
      server: { port: 9000 },
      routing: { families: { haiku: 'file-haiku' } },
    })
    const { settings, notes } = run([], {}, file)
    expect(settings).toEqual(file)
    expect(notes).toEqual([])
  })

  it('lets flags win over the file', () => {
    const file = fileSettings({ server: { port: 9000, host: 'localhost' } })
    const { settings, notes } = run(['--port', '0', '--http-shutdown'], {}, file)
    expect(settings.server.port).toBe(0)
    expect(settings.server.host).toBe('localhost')
    expect(settings.server.httpShutdown).toBe(true)
    expect(notes).toContain('server.port = 0 from --port (any free port)')
  })

  it('lets the environment win over the file', () => {
    const file = fileSettings({
      routing: { families: { haiku: 'file-haiku', opus: 'file-opus' }, passthrough: false },
    })
    const { settings, notes } = run(
      [],
      {
        ANTHROPIC_DEFAULT_HAIKU_MODEL: 'env-haiku',
        ANTHROPIC_DEFAULT_SONNET_MODEL: ' env-sonnet ',
        PASSTHROUGH_MODE: 'ON',
      },
      file,
    )
    expect(settings.routing.families).toEqual({
      haiku: 'env-haiku',
      sonnet: 'env-sonnet',
      opus: 'file-opus',
    })
    expect(settings.routing.passthrough).toBe(true)
    expect(notes).toContain(
      "routing.families.haiku = 'env-haiku' from ANTHROPIC_DEFAULT_HAIKU_MODEL",
    )
    expect(notes).toContain('routing.passthrough = true from PASSTHROUGH_MODE')
  })

  it('lets flags win over the environment and the file for the upstream', () => {
    const file = fileSettings({
      providers: [
        { id: 'chatgpt', kind: 'chatgpt', baseUrl: 'https://chatgpt.com/backend-api/codex' },
        { id: 'cli', kind: 'anthropic', baseUrl: 'http://old' },
      ],
      defaultProvider: 'cli',
    })
    const { settings } = run(['--upstream-url', 'http://127.0.0.1:8000/v1'], {}, file)
    expect(settings.providers).toEqual([
      { id: 'chatgpt', kind: 'chatgpt', baseUrl: 'https://chatgpt.com/backend-api/codex' },
      { id: 'cli', kind: 'openai-chat', baseUrl: 'http://127.0.0.1:8000/v1' },
    ])
  })

  it('does not modify the file settings it was given', () => {
    const file = fileSettings()
    const before = structuredClone(file)
    run(['--upstream-url', 'http://h/v1', '--port', '1'], { PASSTHROUGH_MODE: '1' }, file)
    expect(file).toEqual(before)
  })
})

describe('PASSTHROUGH_MODE', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['YES', true],
    ['On', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['OFF', false],
  ])('%s → %s', (value, expected) => {
    expect(
      run([], { PASSTHROUGH_MODE: value }, fileSettings({ routing: { passthrough: !expected } }))
        .settings.routing.passthrough,
    ).toBe(expected)
  })

  it('ignores an unrecognised value with a note', () => {
    const { settings, notes } = run([], { PASSTHROUGH_MODE: 'maybe' })
    expect(settings.routing.passthrough).toBe(false)
    expect(notes[0]).toContain("ignored PASSTHROUGH_MODE='maybe'")
    expect(parseBooleanEnv('')).toBeUndefined()
  })
})

describe('upstream flags', () => {
  const cli = (argv: string[]) => {
    const { settings } = run(argv)
    expect(settings.defaultProvider).toBe('cli')
    return settings.providers.find((p) => p.id === 'cli')
  }

  it('creates provider cli from --upstream-url and --upstream-wire and makes it the default', () => {
    expect(cli(['--upstream-url', 'http://h:1/v1', '--upstream-wire', 'chat'])).toEqual({
      id: 'cli',
      kind: 'openai-chat',
      baseUrl: 'http://h:1/v1',
    })
    expect(cli(['--upstream-url', 'http://h:1/v1', '--upstream-wire', 'responses'])?.kind).toBe(
      'openai-responses',
    )
    expect(cli(['--upstream-url', 'http://h:1', '--upstream-wire', 'anthropic'])).toEqual({
      id: 'cli',
      kind: 'anthropic',
      baseUrl: 'http://h:1',
    })
  })

  it('infers the wire from the URL and normalises endpoint URLs to the base', () => {
    expect(cli(['--upstream-url', 'http://h:1/v1/chat/completions'])).toEqual({
      id: 'cli',
      kind: 'openai-chat',
      baseUrl: 'http://h:1/v1',
    })
    expect(cli(['--upstream-url', 'http://h:1/v1/responses'])).toEqual({
      id: 'cli',
      kind: 'openai-responses',
      baseUrl: 'http://h:1/v1',
    })
    expect(cli(['--upstream-url', 'http://h:1/v1/messages'])).toEqual({
      id: 'cli',
      kind: 'anthropic',
      baseUrl: 'http://h:1',
    })
    expect(cli(['--upstream-url', 'https://api.anthropic.com'])).toEqual({
      id: 'cli',
      kind: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
    })
    expect(cli(['--upstream-url', 'http://h:1'])).toEqual({
      id: 'cli',
      kind: 'openai-chat',
      baseUrl: 'http://h:1',
    })
  })

  it('says what it inferred and stripped', () => {
    const { notes } = run(['--upstream-url', 'http://h:1/v1/messages'])
    expect(notes).toContain('--upstream-wire anthropic inferred from http://h:1/v1/messages')
    expect(notes).toContain("--upstream-url: using base URL http://h:1 (removed '/v1/messages')")
  })

  it('uses the public endpoint when only a wire is given', () => {
    expect(cli(['--upstream-wire', 'anthropic'])?.baseUrl).toBe('https://api.anthropic.com')
    expect(cli(['--upstream-wire', 'responses'])?.baseUrl).toBe('https://api.openai.com/v1')
  })

  it('selects the chatgpt provider for --upstream-wire chatgpt, pointing it at a given URL', () => {
    const plain = run(
      ['--upstream-wire', 'chatgpt'],
      {},
      fileSettings({
        providers: [
          { id: 'chatgpt', kind: 'chatgpt', baseUrl: 'https://chatgpt.com/backend-api/codex' },
          { id: 'o', kind: 'openai-chat', baseUrl: 'http://o/v1' },
        ],
        defaultProvider: 'o',
      }),
    ).settings
    expect(plain.defaultProvider).toBe('chatgpt')
    expect(plain.providers.some((p) => p.id === 'cli')).toBe(false)

    const local = run([
      '--upstream-wire',
      'chatgpt',
      '--upstream-url',
      'http://127.0.0.1:7000/backend-api/codex',
    ]).settings
    expect(local.providers).toEqual([
      { id: 'chatgpt', kind: 'chatgpt', baseUrl: 'http://127.0.0.1:7000/backend-api/codex' },
    ])
  })

  it('re-adds the chatgpt provider if the file removed it', () => {
    const file = fileSettings({
      providers: [{ id: 'o', kind: 'openai-chat', baseUrl: 'http://o/v1' }],
      defaultProvider: 'o',
    })
    const { settings } = run(['--upstream-wire', 'chatgpt'], {}, file)
    expect(settings.providers.map((p) => p.id)).toEqual(['o', 'chatgpt'])
  })

  it('puts --api-key-env and headers on the cli provider', () => {
    expect(
      cli([
        '--upstream-url',
        'http://h/v1',
        '--api-key-env',
        'KEY',
        '--upstream-http-header',
        'X-Title=sb',
      ]),
    ).toEqual({
      id: 'cli',
      kind: 'openai-chat',
      baseUrl: 'http://h/v1',
      apiKeyEnv: 'KEY',
      headers: { 'X-Title': 'sb' },
    })
  })

  it('without upstream flags, puts key and headers on the default provider, replacing same-named headers', () => {
    const file = fileSettings({
      providers: [
        {
          id: 'o',
          kind: 'openai-chat',
          baseUrl: 'http://o/v1',
          headers: { 'x-title': 'old', keep: '1' },
        },
      ],
      defaultProvider: 'o',
    })
    const { settings } = run(
      ['--api-key-env', 'O_KEY', '--upstream-http-header', 'X-Title=new'],
      {},
      file,
    )
    expect(settings.providers[0]).toEqual({
      id: 'o',
      kind: 'openai-chat',
      baseUrl: 'http://o/v1',
      apiKeyEnv: 'O_KEY',
      headers: { keep: '1', 'X-Title': 'new' },
    })
  })
})

describe('binding', () => {
  it('refuses a non-loopback host without the setting, naming flag and setting', () => {
    expect(() => run(['--host', '0.0.0.0'])).toThrowError(ConfigError)
    expect(() => run(['--host', '0.0.0.0'])).toThrowError(
      /--allow-non-loopback.*"allowNonLoopback": true/,
    )
    const fromFile = fileSettings({ server: { host: '192.168.1.5' } })
    expect(() => run([], {}, fromFile)).toThrowError(/refusing to listen on 192\.168\.1\.5/)
  })

  it('allows it with the flag or the setting', () => {
    expect(run(['--host', '0.0.0.0', '--allow-non-loopback']).settings.server).toMatchObject({
      host: '0.0.0.0',
      allowNonLoopback: true,
    })
    expect(
      run(['--host', '::'], {}, fileSettings({ server: { allowNonLoopback: true } })).settings
        .server.host,
    ).toBe('::')
    expect(() => assertBindAllowed('10.0.0.1', true)).not.toThrow()
  })

  it('knows loopback names and addresses', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      'localhost',
      'LOCALHOST.',
      'app.localhost',
      '::1',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
    ]) {
      expect(isLoopbackHost(host), host).toBe(true)
    }
    for (const host of [
      '0.0.0.0',
      '::',
      '192.168.0.1',
      'example.com',
      '128.0.0.1',
      'localhost.example.com',
      '::2',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false)
    }
  })
})

it('starts from the defaults when the file had nothing', () => {
  expect(run([]).settings).toEqual(defaultSettings())
})

describe('the earlier bridges’ environment and flags', () => {
  it('PORT and HOST set the address when no flag does; flags win', () => {
    expect(run([], { PORT: '18777', HOST: 'localhost' }).settings.server).toMatchObject({
      port: 18777,
      host: 'localhost',
    })
    expect(
      run(['--port', '0', '--host', '127.0.0.1'], { PORT: '18777', HOST: 'localhost' }).settings
        .server,
    ).toMatchObject({ port: 0, host: '127.0.0.1' })
    expect(() => run([], { PORT: 'http' })).toThrowError(/PORT must be an integer/)
    expect(() => run([], { HOST: 'my-laptop' })).toThrowError(
      /refusing to listen on my-laptop \(from the HOST environment variable\)/,
    )
  })

  it('--api-key-env alone means the OpenAI chat endpoint, said in the notes', () => {
    const { settings, notes } = run(['--api-key-env', 'OPENAI_API_KEY'])
    expect(settings.defaultProvider).toBe('cli')
    expect(settings.providers.find((p) => p.id === 'cli')).toEqual({
      id: 'cli',
      kind: 'openai-chat',
      baseUrl: 'https://api.openai.com/v1',
      apiKeyEnv: 'OPENAI_API_KEY',
    })
    expect(notes).toContain(
      '--api-key-env without --upstream-url: the upstream is the OpenAI chat endpoint https://api.openai.com/v1/chat/completions',
    )
  })

  it('--upstream-wire codex-cli makes a codex-cli provider the default, configured by the Codex-Wrapper variables', () => {
    const env = {
      CODEX_BIN: '/opt/codex',
      CODEX_WORKDIR: '/srv/work',
      CODEX_SANDBOX_MODE: 'workspace-write',
      CODEX_ALLOW_DANGER_FULL_ACCESS: '1',
      CODEX_TIMEOUT: '90',
      CODEX_REASONING_EFFORT: 'High',
      CODEX_MODEL: 'gpt-5.5',
      RATE_LIMIT_PER_MINUTE: '30',
      CODEX_LOCAL_ONLY: '0',
    }
    const { settings, notes } = run(['--upstream-wire', 'codex-cli'], env)
    expect(settings.defaultProvider).toBe('codex-cli')
    expect(settings.providers.find((p) => p.id === 'codex-cli')).toEqual({
      id: 'codex-cli',
      kind: 'codex-cli',
      baseUrl: 'codex://local',
      codex: {
        path: '/opt/codex',
        workingDirectory: '/srv/work',
        sandbox: 'workspace-write',
        allowDangerFullAccess: true,
        timeoutMs: 90_000,
        effort: 'high',
        model: 'gpt-5.5',
        ratePerMinute: 30,
        localOnly: false,
      },
    })
    expect(
      notes.some((n) => n.includes("codex-cli provider 'codex-cli' configured from CODEX_BIN")),
    ).toBe(true)
    expect(
      run(['--upstream-wire', 'codex-cli'], {
        CODEX_PATH: '/a',
        CODEX_BIN: '/b',
      }).settings.providers.at(-1)?.codex?.path,
    ).toBe('/a')
  })

  it('names the variable when its value cannot be used, and refuses a URL for codex-cli', () => {
    expect(() =>
      run(['--upstream-wire', 'codex-cli'], { CODEX_SANDBOX_MODE: 'yolo' }),
    ).toThrowError(/CODEX_SANDBOX_MODE must be one of read-only/)
    expect(() => run(['--upstream-wire', 'codex-cli'], { CODEX_TIMEOUT: 'soon' })).toThrowError(
      /CODEX_TIMEOUT must be a number/,
    )
    expect(() =>
      run(['--upstream-wire', 'codex-cli', '--upstream-url', 'http://x/v1']),
    ).toThrowError(/takes no --upstream-url/)
  })

  it('--upstream-url takes the ChatGPT backend as chatgpt-codex-proxy wrote it (…/backend-api)', () => {
    const { settings } = run(['--upstream-url', 'https://chatgpt.com/backend-api'])
    expect(settings.providers.find((p) => p.id === 'chatgpt')?.baseUrl).toBe(
      'https://chatgpt.com/backend-api/codex',
    )
  })
})
