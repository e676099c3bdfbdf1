// Test harness for the codex-cli provider: the real Codex CLI in a throwaway CODEX_HOME, pointed at the fake Responses upstream.
import { spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll } from 'vitest'
import type { ProviderSettings } from '../../../config/schema.js'
import type { CanonicalEvent } from '../../../protocol/canonical/events.js'
import type { CanonicalRequest } from '../../../protocol/canonical/request.js'
import type { FakeServer } from '../../fakes/http-harness.js'

export const CODEX_BIN = resolve('node_modules/.bin/codex')

export interface CodexSandbox {
  home: string
  codexHome: string
  workDir: string
}

/** Every sandbox this test file made; Codex fills each with a few MB of skills and sessions. */
const sandboxes = new Set<string>()
afterAll(() => {
  for (const home of sandboxes) rmSync(home, { recursive: true, force: true })
  sandboxes.clear()
})

/** A fresh HOME/CODEX_HOME whose config.toml sends every model call to `upstream` (a fake, or a gateway's /v1). */
export function makeCodexHome(upstream: Pick<FakeServer, 'url'>): CodexSandbox {
  const home = mkdtempSync(join(tmpdir(), 'sb-codex-'))
  sandboxes.add(home)
  const codexHome = join(home, 'codex-home')
  const workDir = join(home, 'work')
  mkdirSync(codexHome)
  mkdirSync(workDir)
  const toml = [
    'model_provider = "sb"',
    'model = "gpt-5"',
    '[model_providers.sb]',
    'name = "sb"',
    `base_url = "${upstream.url}"`,
    'env_key = "SB_FAKE_KEY"',
    'wire_api = "responses"',
    '',
  ].join('\n')
  writeFileSync(join(codexHome, 'config.toml'), toml)
  return { home, codexHome, workDir }
}

export interface CodexRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the real Codex CLI in the sandbox with a clean environment (plus `env`), killed after `timeoutMs`. */
export function runCodex(
  box: CodexSandbox,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<CodexRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(CODEX_BIN, args, {
      cwd: box.workDir,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: box.home,
        CODEX_HOME: box.codexHome,
        RUST_LOG: 'error',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** Every line of every session rollout Codex wrote in the sandbox, oldest session first. */
export function rolloutLines(box: CodexSandbox): Record<string, unknown>[] {
  const root = join(box.codexHome, 'sessions')
  if (!existsSync(root)) return []
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /rollout-.*\.jsonl$/.test(f))
    .sort()
  return files.flatMap((f) =>
    readFileSync(join(root, f), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  )
}

export function provider(
  box: CodexSandbox,
  id: string,
  codex: NonNullable<ProviderSettings['codex']> = {},
): ProviderSettings {
  return {
    id,
    kind: 'codex-cli',
    baseUrl: 'codex://local',
    codex: { path: CODEX_BIN, workingDirectory: box.workDir, codexHome: box.codexHome, ...codex },
  }
}

export function request(text: string, stream = true): CanonicalRequest {
  return {
    model: 'codex-cli/gpt-5',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    tools: [],
    stream,
    extras: { dialect: 'openai-chat', fields: {} },
  }
}

export async function collect(events: AsyncIterable<CanonicalEvent>): Promise<CanonicalEvent[]> {
  const out: CanonicalEvent[] = []
  for await (const e of events) out.push(e)
  return out
}

export function textOf(events: CanonicalEvent[]): string {
  return events.map((e) => (e.type === 'text_delta' ? e.text : '')).join('')
}

/** Pids of live processes whose environment carries this CODEX_HOME. */
export function processesWithHome(codexHome: string): number[] {
  const out: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'latin1')
      if (env.split('\0').includes(`CODEX_HOME=${codexHome}`)) out.push(Number(name))
    } catch {
      // Gone, or not ours to read.
    }
  }
  return out
}
