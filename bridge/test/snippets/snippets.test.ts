// Copy-paste snippets: they carry the URL and key, run as shell, and the Codex part has valid TOML shape.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { codexBlocks, gatewayRoot, snippet } from '../../snippets/snippets.js'

const baseUrl = 'http://127.0.0.1:8787'
const accessKey = 'sb-AbC_dEf-0123456789abcdefghijklmnopqrstuvw'

// Runs the snippet's lines in a POSIX sh with stub `claude`/`codex` commands that print what they received.
function runShell(script: string): string {
  const stubs = [
    'claude() { printf "claude url=%s token=%s model=%s args=%s\\n" "$ANTHROPIC_BASE_URL" "$ANTHROPIC_AUTH_TOKEN" "$ANTHROPIC_MODEL" "$*"; }',
    'codex() { printf "codex key=%s\\n" "$SWITCHBOARD_API_KEY"; for a in "$@"; do printf "arg:%s\\n" "$a"; done; }',
  ].join('\n')
  return execFileSync('sh', ['-c', `${stubs}\n${script}`], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '' },
  })
}

// Just enough TOML for the snippet: comments, [a.b] tables, key = "string", inline tables of strings.
function parseTomlSubset(text: string): Record<string, Record<string, string> | string> {
  const root: Record<string, Record<string, string> | string> = {}
  let table: Record<string, string> | undefined
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const header = /^\[([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\]$/.exec(line)
    if (header) {
      table = {}
      root[header[1] ?? ''] = table
      continue
    }
    const pair = /^([A-Za-z0-9_-]+) = ("(?:[^"\\]|\\.)*")$/.exec(line)
    if (!pair) throw new Error(`not TOML: ${line}`)
    const value = JSON.parse(pair[2] ?? '') as string
    if (table) table[pair[1] ?? ''] = value
    else root[pair[1] ?? ''] = value
  }
  return root
}

function parseInlineTable(text: string): Record<string, string> {
  const match = /^\{(.*)\}$/.exec(text)
  if (!match) throw new Error(`not an inline table: ${text}`)
  const out: Record<string, string> = {}
  for (const part of (match[1] ?? '').match(/[A-Za-z_]+="(?:[^"\\]|\\.)*"/g) ?? []) {
    const eq = part.indexOf('=')
    out[part.slice(0, eq)] = JSON.parse(part.slice(eq + 1)) as string
  }
  expect(
    Object.entries(out)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(','),
  ).toBe(match[1])
  return out
}

const codexProvider = {
  name: 'Switchboard',
  base_url: 'http://127.0.0.1:8787/v1',
  env_key: 'SWITCHBOARD_API_KEY',
  wire_api: 'responses',
}

describe('claude snippet', () => {
  const text = snippet('claude', { baseUrl, accessKey })

  it('exports the base URL and the key as auth token', () => {
    expect(text).toContain(`export ANTHROPIC_BASE_URL=${baseUrl}\n`)
    expect(text).toContain(`export ANTHROPIC_AUTH_TOKEN=${accessKey}\n`)
    expect(text).not.toContain('ANTHROPIC_MODEL')
  })

  it('works when pasted into a POSIX shell, both as exports and as the sbclaude function', () => {
    const out = runShell(`${text}\nunset ANTHROPIC_BASE_URL ANTHROPIC_AUTH_TOKEN\nsbclaude -p hi`)
    expect(out.split('\n').filter(Boolean)).toEqual([
      `claude url=${baseUrl} token=${accessKey} model= args=`,
      `claude url=${baseUrl} token=${accessKey} model= args=-p hi`,
    ])
  })

  it('includes the model when given and quotes awkward values', () => {
    const out = runShell(
      `${snippet('claude', { baseUrl, accessKey: "k'ey with space", model: 'gpt-5.5' })}`,
    )
    expect(out.trim()).toBe(`claude url=${baseUrl} token=k'ey with space model=gpt-5.5 args=`)
  })
})

describe('codex snippet', () => {
  const text = snippet('codex', { baseUrl: `${baseUrl}/`, accessKey })

  it('has a config.toml block of valid shape with the top-level key before the table', () => {
    const tomlPart = text.slice(0, text.indexOf('# and put the access key'))
    expect(parseTomlSubset(tomlPart)).toEqual({
      model_provider: 'switchboard',
      'model_providers.switchboard': codexProvider,
    })
    expect(tomlPart.indexOf('model_provider = ')).toBeLessThan(
      tomlPart.indexOf('[model_providers.switchboard]'),
    )
  })

  it('exports the key under the env_key name', () => {
    expect(text).toContain(`export SWITCHBOARD_API_KEY=${accessKey}\n`)
  })

  it('gives -c flags that reach codex as TOML values', () => {
    const line = text.split('\n').find((l) => l.includes(' codex -c '))
    expect(line).toBeDefined()
    const args = runShell(line ?? '')
      .split('\n')
      .filter(Boolean)
    expect(args[0]).toBe(`codex key=${accessKey}`)
    expect(args[1]).toBe('arg:-c')
    const [key, value] = (args[2] ?? '').replace(/^arg:/, '').split(/=(.*)/s)
    expect(key).toBe('model_providers.switchboard')
    expect(parseInlineTable(value ?? '')).toEqual(codexProvider)
    expect(args.slice(3)).toEqual(['arg:-c', 'arg:model_provider="switchboard"'])
  })

  it('splits into one block per destination: pure TOML for config.toml, shell lines that run on their own', () => {
    const [config, key, once] = codexBlocks(baseUrl, { baseUrl, accessKey, model: 'gpt-5.5' })
    expect(config?.language).toBe('toml')
    // The whole block parses as TOML: nothing in it is a shell line or a comment about one.
    expect(parseTomlSubset(config?.text ?? '')).toEqual({
      model_provider: 'switchboard',
      model: 'gpt-5.5',
      'model_providers.switchboard': codexProvider,
    })
    expect(config?.text).not.toMatch(/export|#/)
    expect(runShell(`${key?.text ?? ''}codex`).trim()).toBe(`codex key=${accessKey}`)
    expect(runShell(once?.text ?? '').split('\n')[0]).toBe(`codex key=${accessKey}`)
  })

  it('adds the model to config and flags when given', () => {
    const withModel = snippet('codex', { baseUrl, accessKey, model: 'gpt-5.5' })
    expect(parseTomlSubset(withModel.slice(0, withModel.indexOf('# and put')))['model']).toBe(
      'gpt-5.5',
    )
    expect(withModel).toContain(' -m gpt-5.5')
  })
})

describe('openai snippet', () => {
  const text = snippet('openai', { baseUrl, accessKey, model: 'gpt-5.5' })

  it('exports OPENAI_BASE_URL with /v1 and OPENAI_API_KEY', () => {
    const out = execFileSync(
      'sh',
      [
        '-c',
        `${text
          .split('\n')
          .filter((l) => l.startsWith('export '))
          .join('\n')}\necho "$OPENAI_BASE_URL $OPENAI_API_KEY"`,
      ],
      {
        encoding: 'utf8',
      },
    )
    expect(out.trim()).toBe(`${baseUrl}/v1 ${accessKey}`)
  })

  it('has a three-line JS SDK example using the model', () => {
    const js = text.split('\n').filter((l) => /^(import |const |console\.)/.test(l))
    expect(js).toHaveLength(3)
    expect(js[0]).toBe("import OpenAI from 'openai'")
    expect(js[1]).toContain('model: "gpt-5.5"')
    expect(js[1]).toContain('new OpenAI()')
  })
})

describe('gatewayRoot', () => {
  it('accepts the root with or without a trailing slash or /v1', () => {
    expect(gatewayRoot('http://127.0.0.1:8787/')).toBe(baseUrl)
    expect(gatewayRoot('http://127.0.0.1:8787/v1')).toBe(baseUrl)
    expect(gatewayRoot('http://127.0.0.1:8787/v1/')).toBe(baseUrl)
    expect(snippet('openai', { baseUrl: `${baseUrl}/v1`, accessKey })).toContain(
      `OPENAI_BASE_URL=${baseUrl}/v1\n`,
    )
  })
})
