// The tray app where no keychain service exists (no D-Bus session bus, the real keytar): the same secret-store
// fallback as `switchboard serve` — secrets in memory with the no-keychain warning, or the opt-in file store
// (`--secret-store file`, or a secrets file the user opted into before) with its own warning — shown as a
// notification and in the window's notices, in the words serve prints.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'

vi.hoisted(() => {
  process.env['ELECTRON_OVERRIDE_DIST_PATH'] ??= '/nonexistent'
  // Each test file runs in its own process, so this is the only bus libsecret here ever sees: no keychain.
  process.env['DBUS_SESSION_BUS_ADDRESS'] = 'unix:path=/nonexistent/switchboard-tray-test-bus'
})
vi.mock('electron', async () => (await import('./mocks/electron.js')).createElectronMock())

import * as electron from 'electron'
import { defaultSettings } from '../../bridge/config/defaults.js'
import { parseServeFlags } from '../../bridge/config/flags.js'
import { fileSettingsStore } from '../../bridge/control/file-stores.js'
import { createHost } from '../../bridge/host/create-host.js'
import { createApp, type AppHandle } from '../main/create-app.js'
import { secretStoreFlag } from '../main/launch-flags.js'
import { FakeBrowserWindow, FakeTray, type ElectronMock } from './mocks/electron.js'

const mock = electron as unknown as ElectronMock
const saved = { home: process.env['SWITCHBOARD_HOME'], xdg: process.env['XDG_CONFIG_HOME'] }
let dir = ''
let configDir = ''
let handle: AppHandle | undefined
let errors: MockInstance<typeof console.error>

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-tray-secrets-'))
  configDir = join(dir, 'config')
  await mkdir(configDir, { recursive: true })
  mock.app.getPath.mockReturnValue(dir)
  process.env['SWITCHBOARD_HOME'] = configDir
  process.env['XDG_CONFIG_HOME'] = dir
  mock.ipcMain.handlers.clear()
  FakeBrowserWindow.instances.length = 0
  FakeTray.instances.length = 0
  const settings = defaultSettings()
  settings.server.port = 0
  settings.ui = { launchAtLogin: false }
  settings.providers.push({ id: 'up', kind: 'openai-chat', baseUrl: 'http://127.0.0.1:9/v1' })
  await writeFile(join(configDir, 'settings.json'), JSON.stringify(settings))
  errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
})

afterEach(async () => {
  await handle?.dispose()
  handle = undefined
  errors.mockRestore()
  for (const [name, value] of [
    ['SWITCHBOARD_HOME', saved.home],
    ['XDG_CONFIG_HOME', saved.xdg],
  ] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  await rm(dir, { recursive: true, force: true })
})

/** Notification is unsupported in the mock, so notify() writes `switchboard: <title>: <body>`. */
function notification(title: string): string | undefined {
  const prefix = `switchboard: ${title}: `
  return errors.mock.calls
    .map((c) => String(c[0]))
    .find((m) => m.startsWith(prefix))
    ?.slice(prefix.length)
}

/** What `switchboard serve` prints at start for this settings directory and these flags (one line per notice). */
async function servePrints(argv: string[]): Promise<string[]> {
  const flags = parseServeFlags(argv)
  const { host, notices } = await createHost({
    env: process.env,
    configDir,
    settingsStore: fileSettingsStore(join(configDir, 'settings.json')),
    flags,
    ...(flags.secretStore ? { secretStore: flags.secretStore } : {}),
  })
  await host.close()
  return notices.map((n) => n.message)
}

describe.runIf(process.platform === 'linux')('the tray app without a keychain', () => {
  it('starts with secrets in memory and warns as serve does, naming the way to the file store', async () => {
    handle = await createApp({ hidden: true })
    expect((await handle.host.gatewayStatus()).state).toBe('running')

    const body = notification('Switchboard cannot use the keychain')
    expect(body).toMatch(
      /^No keychain is available \(no D-Bus session bus.*\)\. Run with --secret-store file to keep tokens in .*secrets\.json \(mode 0600\)\. Until then ChatGPT sign-in and stored API keys are unavailable\.$/s,
    )
    expect(body).toContain(join(configDir, 'secrets.json'))
    expect(await servePrints([])).toContain(body)
    const { notices } = await handle.host.gatewayStatus()
    expect(notices).toContainEqual({ level: 'warning', code: 'secrets-unavailable', message: body })
  })

  it('with --secret-store file keeps secrets in the file and warns that they are there, as serve does', async () => {
    handle = await createApp({ hidden: true, secretStore: 'file' })
    await handle.host.setProviderKey({ id: 'up', key: 'sk-tray-file-store' })
    const file = JSON.parse(await readFile(join(configDir, 'secrets.json'), 'utf8')) as {
      secrets: Record<string, string>
    }
    expect(file.secrets['provider:up']).toBe('sk-tray-file-store')

    const body = notification('Switchboard keeps its secrets in a file')
    expect(body).toMatch(
      /^No keychain is available \(no D-Bus session bus.*\): ChatGPT tokens and stored API keys are kept in .*secrets\.json \(mode 0600\), as chosen with --secret-store file\.$/s,
    )
    expect(body).toContain(join(configDir, 'secrets.json'))
    expect(notification('Switchboard cannot use the keychain')).toBeUndefined()
    expect(await servePrints(['--secret-store', 'file'])).toContain(body)
    const { notices } = await handle.host.gatewayStatus()
    expect(notices).toContainEqual({ level: 'warning', code: 'secrets-in-file', message: body })
  })

  it('uses the secrets file the user opted into before (with serve or login), without the flag', async () => {
    await writeFile(
      join(configDir, 'secrets.json'),
      JSON.stringify({ version: 1, secrets: { 'provider:old': 'sk-kept' } }),
      { mode: 0o600 },
    )
    handle = await createApp({ hidden: true })
    await handle.host.setProviderKey({ id: 'up', key: 'sk-added-by-tray' })
    const file = JSON.parse(await readFile(join(configDir, 'secrets.json'), 'utf8')) as {
      secrets: Record<string, string>
    }
    expect(file.secrets).toEqual({ 'provider:old': 'sk-kept', 'provider:up': 'sk-added-by-tray' })
    expect(notification('Switchboard keeps its secrets in a file')).toContain(
      join(configDir, 'secrets.json'),
    )
    expect(await servePrints([])).toContain(notification('Switchboard keeps its secrets in a file'))
  })
})

describe('the tray app command line', () => {
  it('takes --secret-store as serve does', () => {
    expect(secretStoreFlag(['electron', '.', '--secret-store', 'file'])).toBe('file')
    expect(secretStoreFlag(['app', '--secret-store=keychain'])).toBe('keychain')
    expect(secretStoreFlag(['app', '--hidden'])).toBeUndefined()
    expect(secretStoreFlag(['app', '--secret-store', 'nonsense'])).toBeUndefined()
  })
})
