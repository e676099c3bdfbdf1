// Copy-paste setup text for Claude Code, Codex CLI and OpenAI-compatible tools, carrying URL and access key.

import { CLAUDE_WINDOW_ENV } from './context-window.js'

export type SnippetKind = 'claude' | 'codex' | 'openai'
export const SNIPPET_KINDS: readonly SnippetKind[] = ['claude', 'codex', 'openai']

export interface SnippetOptions {
  /** The gateway's root URL, e.g. http://127.0.0.1:8787 (a trailing /v1 is tolerated). */
  baseUrl: string
  accessKey: string
  model?: string
  /** Claude: the real window of the GPT models the Claude families map to (context-window.ts). */
  contextWindow?: number
}

/** Environment variable that Codex reads the key from (Codex takes the variable's name, never the key). */
export const CODEX_KEY_ENV = 'SWITCHBOARD_API_KEY'
export const CODEX_PROVIDER_ID = 'switchboard'

export function snippet(kind: SnippetKind, options: SnippetOptions): string {
  const root = gatewayRoot(options.baseUrl)
  switch (kind) {
    case 'claude':
      return claudeSnippet(root, options)
    case 'codex':
      return codexSnippet(root, options)
    case 'openai':
      return openaiSnippet(root, options)
  }
}

export function gatewayRoot(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '').replace(/\/v1$/, '')
}

function claudeSnippet(root: string, { accessKey, model, contextWindow }: SnippetOptions): string {
  const vars = [`ANTHROPIC_BASE_URL=${sh(root)}`, `ANTHROPIC_AUTH_TOKEN=${sh(accessKey)}`]
  if (model) vars.push(`ANTHROPIC_MODEL=${sh(model)}`)
  // Without it Claude Code assumes a Claude window (200k or 1M) and compacts only after the upstream refuses.
  if (contextWindow !== undefined) vars.push(`${CLAUDE_WINDOW_ENV}=${contextWindow}`)
  return [
    '# Claude Code → Switchboard: in this shell',
    ...vars.map((v) => `export ${v}`),
    'claude',
    '',
    '# or as a command that leaves your shell alone (add it to ~/.bashrc or ~/.zshrc)',
    `sbclaude() { ${vars.join(' ')} claude "$@"; }`,
    '',
  ].join('\n')
}

/** One part of a snippet that goes to one place (a file, the shell), to be copied on its own. */
export interface SnippetBlock {
  title: string
  language: 'sh' | 'toml'
  text: string
}

/** Codex's setup goes to three places: config.toml, the shell's environment, or one command for one run. */
export function codexBlocks(baseUrl: string, { accessKey, model }: SnippetOptions): SnippetBlock[] {
  const root = gatewayRoot(baseUrl)
  const fields = [
    ['name', 'Switchboard'],
    ['base_url', `${root}/v1`],
    ['env_key', CODEX_KEY_ENV],
    ['wire_api', 'responses'],
  ] as const
  const inline = `{${fields.map(([k, v]) => `${k}=${toml(v)}`).join(',')}}`
  const flags = [
    `-c ${sh(`model_providers.${CODEX_PROVIDER_ID}=${inline}`)}`,
    `-c ${sh(`model_provider=${toml(CODEX_PROVIDER_ID)}`)}`,
    ...(model ? [`-m ${sh(model)}`] : []),
  ]
  return [
    {
      title: '~/.codex/config.toml (top-level keys before any [table])',
      language: 'toml',
      text: [
        `model_provider = ${toml(CODEX_PROVIDER_ID)}`,
        ...(model ? [`model = ${toml(model)}`] : []),
        '',
        `[model_providers.${CODEX_PROVIDER_ID}]`,
        ...fields.map(([k, v]) => `${k} = ${toml(v)}`),
        '',
      ].join('\n'),
    },
    {
      title: 'The access key, in the environment Codex runs in (~/.bashrc or ~/.zshrc)',
      language: 'sh',
      text: `export ${CODEX_KEY_ENV}=${sh(accessKey)}\n`,
    },
    {
      title: 'Or one run without editing config.toml',
      language: 'sh',
      text: `${CODEX_KEY_ENV}=${sh(accessKey)} codex ${flags.join(' ')}\n`,
    },
  ]
}

function codexSnippet(root: string, options: SnippetOptions): string {
  const [config, key, once] = codexBlocks(root, options)
  return [
    '# Codex CLI → Switchboard: add to ~/.codex/config.toml (top-level keys before any [table])',
    config?.text ?? '',
    '# and put the access key in the environment Codex runs in',
    key?.text ?? '',
    '# or without editing config.toml, for one run',
    once?.text ?? '',
  ].join('\n')
}

function openaiSnippet(root: string, { accessKey, model }: SnippetOptions): string {
  const example = model ?? 'gpt-5.5'
  return [
    '# OpenAI-compatible tools and SDKs → Switchboard',
    `export OPENAI_BASE_URL=${sh(`${root}/v1`)}`,
    `export OPENAI_API_KEY=${sh(accessKey)}`,
    '',
    '// JavaScript (npm install openai); the client reads both variables above',
    "import OpenAI from 'openai'",
    `const r = await new OpenAI().chat.completions.create({ model: ${JSON.stringify(example)}, messages: [{ role: 'user', content: 'Say hi' }] })`,
    'console.log(r.choices[0].message.content)',
    '',
  ].join('\n')
}

// Single-quotes for POSIX shells unless the value is made only of characters that need none.
function sh(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value)) return value
  return `'${value.replace(/'/g, `'\\''`)}'`
}

// TOML basic string; JSON string escapes are valid TOML for everything a URL or model name contains.
function toml(value: string): string {
  return JSON.stringify(value)
}
