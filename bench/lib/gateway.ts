// Starts the gateway as users do (bin/switchboard.js serve) in front of the fake upstreams, on a free port.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { firstLine, start, type Child } from './processes.js'

export type Client = 'chat' | 'responses' | 'anthropic'
/** The fakes' base URLs, their key, and the probe that tells when each stream's first event was written. */
export type FakeUrls = Record<Client, string> & { key: string; probe: string }

export interface BenchGateway {
  url: string
  pid: number
  child: Child
}

export const ACCESS_KEY = 'sb-bench-access-key'

export async function startGateway(
  root: string,
  urls: FakeUrls,
  env: NodeJS.ProcessEnv = {},
): Promise<BenchGateway> {
  const home = mkdtempSync(join(tmpdir(), 'sb-bench-'))
  const settings = {
    version: 1,
    providers: [
      { id: 'chat', kind: 'openai-chat', baseUrl: urls.chat, apiKeyEnv: 'FAKE_KEY' },
      { id: 'responses', kind: 'openai-responses', baseUrl: urls.responses, apiKeyEnv: 'FAKE_KEY' },
      { id: 'anthropic', kind: 'anthropic', baseUrl: urls.anthropic, apiKeyEnv: 'FAKE_KEY' },
    ],
    defaultProvider: 'chat',
  }
  writeFileSync(join(home, 'settings.json'), JSON.stringify(settings))
  const args = [
    join(root, 'bin/switchboard.js'),
    'serve',
    '--config',
    join(home, 'settings.json'),
    '--port',
    '0',
    '--server-info',
    join(home, 'info.json'),
  ]
  // The bench has no keychain to offer; the file store keeps the gateway from probing for one.
  // SWITCHBOARD_BENCH_PROFILE=<dir> writes a V8 CPU profile of each gateway there when it stops;
  // SWITCHBOARD_BENCH_NODE_FLAGS adds Node flags (space-separated), e.g. `--import <file>` to watch the GC.
  const profileDir = process.env['SWITCHBOARD_BENCH_PROFILE']
  const extra = (process.env['SWITCHBOARD_BENCH_NODE_FLAGS'] ?? '')
    .split(' ')
    .filter((f) => f !== '')
  const node = [...extra, ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])]
  const child = start(
    [...node, ...args, '--secret-store', 'file'],
    { SWITCHBOARD_HOME: home, PROXY_API_KEY: ACCESS_KEY, FAKE_KEY: urls.key, ...env },
    { quietStderr: true },
  )
  await firstLine(child)
  const url = (JSON.parse(readFileSync(join(home, 'info.json'), 'utf8')) as { url: string }).url
  return { url, pid: child.proc.pid ?? 0, child }
}
