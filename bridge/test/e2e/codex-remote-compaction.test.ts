// The real Codex CLI with its built-in OpenAI provider pointed at Switchboard (`openai_base_url`, API-key login in a
// throwaway CODEX_HOME; long-sessions.md §3.2) on a Chat upstream: its WebSocket probe gets the 426, a session
// outgrows model_auto_compact_token_limit, Codex compacts remotely (compaction_trigger), Switchboard summarises
// through the chat server and answers one compaction item, and the turn after it completes.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SUMMARY_PREFIX, SUMMARY_PROMPT } from '../../pipeline/compaction/own-compaction.js'
import { startFakeChat, type FakeServer } from '../fakes/index.js'
import { ACCESS_KEY, settingsFor, startGateway, type RunningGateway } from '../helpers/gateway.js'
import { CODEX_BIN } from '../upstream/codex-cli/harness.js'

/**
 * Codex compacts when the last response's usage.total_tokens exceeds model_auto_compact_token_limit. The chat fake
 * reports the request size / 4: a bare Codex turn is ~8.8k tokens, and a turn whose command printed ~20 KB ends
 * at ~17k. The first run has no practical limit; the second run's 12000 lies between the two, so Codex compacts
 * before its turn and a compacted history (the command output gone) fits under it again: no compaction loop.
 */
const LIMIT = 12000

let fake: FakeServer
let gw: RunningGateway
let home = ''

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function codex(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(CODEX_BIN, args, {
      cwd: join(home, 'work'),
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: home,
        CODEX_HOME: join(home, 'codex-home'),
        RUST_LOG: 'error',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(input ?? '')
  })
}

beforeAll(async () => {
  fake = await startFakeChat()
  gw = await startGateway(settingsFor('openai-chat', fake))
  home = mkdtempSync(join(tmpdir(), 'sb-codex-compact-'))
  mkdirSync(join(home, 'codex-home'))
  mkdirSync(join(home, 'work'))
  const login = await codex(['login', '--with-api-key'], ACCESS_KEY)
  expect(login.code, login.stderr).toBe(0)
}, 60_000)

afterAll(async () => {
  await gw.close()
  await fake.close()
  rmSync(home, { recursive: true, force: true })
})

describe('Codex CLI remote compaction through Switchboard on a Chat upstream', () => {
  it('falls back to HTTP on the 426, compacts remotely, and completes the next turn', async () => {
    const flags = (model: string, limit: number): string[] => [
      'exec',
      '--skip-git-repo-check',
      '-m',
      model,
      '-c',
      `openai_base_url="${gw.url}/v1"`,
      '-c',
      `model_auto_compact_token_limit=${limit}`,
    ]
    const first = await codex([...flags('gpt-5.5-big-output', 1_000_000), 'list the numbers'])
    expect(first.code, first.stderr.slice(-2000)).toBe(0)
    // The WebSocket probe failed (our 426) and Codex went on over HTTP.
    expect(first.stderr).toContain('failed to connect to Responses WebSocket')
    const beforeSecond = fake.requests.length

    const second = await codex([
      ...flags('gpt-5.5', LIMIT),
      'resume',
      '--last',
      'which numbers were they?',
    ])
    expect(second.code, second.stderr.slice(-2000)).toBe(0)
    expect(second.stderr).toContain('context compacted')
    expect(second.stdout).toContain('done:')
    const bodies = fake.requests.slice(beforeSecond).map((r) => JSON.stringify(r.body))
    const summarised = bodies.findIndex((b) => b.includes(SUMMARY_PROMPT.slice(0, 40)))
    expect(summarised).toBeGreaterThan(-1)
    const prefix = JSON.stringify(SUMMARY_PREFIX).slice(1, 40)
    expect(bodies.slice(summarised + 1).some((b) => b.includes(prefix))).toBe(true)
    // A compaction loop (Codex compacting before every request) would send far more.
    expect(bodies.length).toBeLessThan(10)
  }, 120_000)
})
