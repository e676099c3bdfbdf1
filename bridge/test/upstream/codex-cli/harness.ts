// Test harness for the codex-cli provider: the real Codex CLI in a throwaway CODEX_HOME, pointed at the fake Responses upstream.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
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

/** A fresh HOME/CODEX_HOME whose config.toml sends every model call to the fake, over loopback only. */
export function makeCodexHome(fake: FakeServer): CodexSandbox {
  const home = mkdtempSync(join(tmpdir(), 'sb-codex-'))
  const codexHome = join(home, 'codex-home')
  const workDir = join(home, 'work')
  mkdirSync(codexHome)
  mkdirSync(workDir)
  const toml = [
    'model_provider = "sb"',
    'model = "gpt-5"',
    '[model_providers.sb]',
    'name = "sb"',
    `base_url = "${fake.url}"`,
    'env_key = "SB_FAKE_KEY"',
    'wire_api = "responses"',
    '',
  ].join('\n')
  writeFileSync(join(codexHome, 'config.toml'), toml)
  return { home, codexHome, workDir }
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
