/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The desktop points a browser can show, in real Chromium against the headless gateway and the fake upstreams:
// the log explains (rows, frames, waterfall, headers, search, keys, HAR export), and every page fits 1280×800
// and 800×600 in light and dark. Screenshots go to SWITCHBOARD_SHOTS (default test-results/desktop) to look at.
import { mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtWebUi, launchChromium } from '../helpers/browser.js'
import { GatewayHost } from '../../bridge/control/gateway-host.js'
import { registerControlHttp } from '../../bridge/control/http-control.js'
import { MemorySecretStore } from '../../bridge/secrets/secret-store.js'
import { MemorySettingsStore, memoryKeys } from '../../bridge/test/control/host-helpers.js'
import { startAllFakes, type AllFakes } from '../../bridge/test/fakes/index.js'
import { settingsFor } from '../../bridge/test/helpers/gateway.js'

const ROOT = resolve(import.meta.dirname, '../..')
const SHOTS = process.env['SWITCHBOARD_SHOTS'] ?? join(ROOT, 'test-results/desktop')
const TOKEN = 'sbc-desktop-e2e-control-token-0'
const SIZES = [
  [1280, 800],
  [800, 600],
] as const
const PAGES = [
  'overview',
  'account',
  'providers',
  'mappings',
  'filters',
  'log',
  'snippets',
  'settings',
] as const

/** What pokes out below the window outside the scrolling column is named, so a failure says what to fix. */
const LAYOUT_PROBE = `(() => {
  const main = document.querySelector('main')
  const sidebar = document.querySelector('.sidebar')
  const outside = [...document.querySelectorAll('body *')]
    .filter((el) => !el.closest('main') && el.getBoundingClientRect().bottom > window.innerHeight + 1)
    .map((el) => el.tagName.toLowerCase() + '.' + String(el.className))
  const scrolls = document.documentElement.scrollHeight > window.innerHeight + 1
  return {
    windowScrolls: scrolls ? (outside.join(' ') || 'nothing outside main') + ' (' + document.documentElement.scrollHeight + ' > ' + window.innerHeight + ')' : false,
    mainOverflowX: main ? main.scrollWidth - main.clientWidth : 0,
    sidebar: sidebar ? sidebar.getBoundingClientRect().width : 0,
  }
})()`

let fakes: AllFakes
let host: GatewayHost
let browser: Browser
let url = ''
let key = ''

beforeAll(async () => {
  const uiDir = builtWebUi()
  mkdirSync(SHOTS, { recursive: true })
  fakes = await startAllFakes()
  const settings = settingsFor('openai-chat', fakes.chat, (s) => {
    s.server.port = 0
    s.log.captureBodies = true
    s.providers.push({
      id: 'ant',
      kind: 'anthropic',
      baseUrl: fakes.anthropic.url,
      apiKeyEnv: 'FAKE_UPSTREAM_KEY',
    })
    s.routing.rules.push({ match: 'claude-*', provider: 'ant' })
  })
  const keys = memoryKeys()
  key = keys.key
  host = new GatewayHost({
    settingsStore: new MemorySettingsStore(settings),
    accessKeys: keys,
    secrets: new MemorySecretStore(),
    env: { FAKE_UPSTREAM_KEY: 'sk-fake-upstream-key' },
    keepListening: true,
    extendServer: (app, h) => registerControlHttp(app, h, { token: TOKEN, uiDir }),
  })
  await host.init()
  url = (await host.startGateway()).url ?? ''
  // Traffic for the log: a streamed tool call through translation, and an Anthropic passthrough the upstream refuses.
  const openai = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 })
  await openai.chat.completions
    .stream({
      model: 'parallel-tools',
      messages: [{ role: 'user', content: 'list files' }],
      tools: [
        {
          type: 'function',
          function: { name: 'ls', parameters: { type: 'object', properties: {} } },
        },
      ],
    })
    .finalChatCompletion()
  const anthropic = new Anthropic({ apiKey: key, baseURL: url, maxRetries: 0 })
  await expect(
    anthropic.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 16,
      messages: [{ role: 'user', content: '' }],
    }),
  ).rejects.toThrow(/non-empty/)
  browser = await launchChromium()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await host?.close()
  await fakes?.close()
})

async function openUi(width: number, height: number, scheme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    colorScheme: scheme,
    acceptDownloads: true,
  })
  const page = await context.newPage()
  await page.goto(`${url}/ui?token=${TOKEN}`)
  await page.waitForURL(`${url}/ui/**`)
  return page
}

describe('a log that explains, in Chromium', () => {
  it('rows show badges and the upstream error; the detail shows frames, timing, headers; search and keys work; HAR exports', async () => {
    const page = await openUi(1280, 800, 'light')
    await page.goto(`${url}/ui/#/log`)
    const rows = page.locator('.log-canvas .log-row')
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2)
    const failed = rows.filter({ hasText: 'claude-haiku-4-5' })
    await expect
      .poll(() => failed.textContent())
      .toMatch(/must be non-empty|must have non-empty content/)
    expect(await failed.textContent()).toContain('pass')
    const tool = rows.filter({ hasText: 'parallel-tools' })
    expect(await tool.textContent()).toContain('tool')
    expect(await tool.textContent()).toContain('stream')

    await tool.click()
    const detail = page.getByRole('region', { name: 'Exchange detail' })
    const lines = detail.getByRole('list', { name: 'Frames in time order' }).getByRole('listitem')
    await expect.poll(() => lines.count()).toBeGreaterThan(3)
    expect(await detail.textContent()).toContain('chat.completion.chunk')
    await page.screenshot({ path: join(SHOTS, 'log-frames.png') })
    await detail.getByRole('tab', { name: 'Timing' }).click()
    expect(await detail.getByRole('region', { name: 'Timing' }).textContent()).toMatch(
      /Switchboard's own share: \d+ ms/,
    )
    await page.screenshot({ path: join(SHOTS, 'log-timing.png') })
    await detail.getByRole('tab', { name: 'Headers' }).click()
    expect(
      await detail.getByRole('region', { name: 'Upstream request headers' }).textContent(),
    ).toContain('[redacted]')
    expect(
      await detail.getByRole('region', { name: 'Upstream response headers' }).textContent(),
    ).toContain('content-type')

    await page.keyboard.press('Escape')
    await expect.poll(() => detail.count()).toBe(0)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('/')
    await page.keyboard.type('status:4xx provider:ant')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await page.getByText('1 of 2').count()).toBe(1)
    // Free words also search bodies: the tool definition lives only in the request body.
    await page.getByRole('searchbox', { name: 'Filter log' }).fill('"parameters"')
    await expect.poll(() => rows.count()).toBe(1)
    await page.getByRole('searchbox', { name: 'Filter log' }).fill('')
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('j')
    await expect.poll(() => detail.count()).toBe(1)

    const download = page.waitForEvent('download')
    await page.locator('details.menu > summary', { hasText: 'Export' }).click()
    await page.getByRole('menuitem', { name: /HAR/ }).click()
    const file = await (await download).path()
    const har = JSON.parse(readFileSync(file, 'utf8')) as {
      log: { entries: { request: { url: string }; _switchboard: { frames: unknown[] } }[] }
    }
    expect(har.log.entries).toHaveLength(2)
    expect(har.log.entries[0]?.request.url).toContain('/v1/chat/completions')
    expect(har.log.entries[0]?._switchboard.frames.length).toBeGreaterThan(0)
    expect(readFileSync(file, 'utf8')).not.toContain(key)
    await page.context().close()
  }, 90_000)
})

describe("forms that protect the user's work, in Chromium", () => {
  it('marks a bad field as it is typed, keeps the reasons in view in the save bar, focuses the first, and asks before leaving', async () => {
    const page = await openUi(800, 600, 'dark')
    await page.goto(`${url}/ui/#/providers`)
    await page.getByRole('button', { name: 'Add provider' }).click()
    const baseUrl = page.getByLabel('Base URL', { exact: true })
    await baseUrl.fill('localhost:11434')
    expect(await baseUrl.getAttribute('aria-invalid')).toBe('true')
    await page.getByLabel('ID', { exact: true }).fill('Bad Id!')
    await page.getByLabel('ID', { exact: true }).press('Control+s')
    const bar = page.getByRole('region', { name: 'Save changes' })
    await expect.poll(() => bar.getByRole('alert').textContent()).toContain('Not saved')
    // The reasons sit inside the sticky bar, inside the window, not below the fold.
    const box = await bar.boundingBox()
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(600)
    await expect
      .poll(() => page.evaluate("document.activeElement?.getAttribute('aria-invalid')"))
      .toBe('true')
    await page.screenshot({ path: join(SHOTS, 'providers-invalid-800x600-dark.png') })

    await page.goto(`${url}/ui/#/log`)
    const dialog = page.getByRole('dialog', { name: 'Save your changes?' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    expect(page.url()).toContain('#/providers')
    await page.screenshot({ path: join(SHOTS, 'leave-dialog-800x600-dark.png') })
    await dialog.getByRole('button', { name: 'Discard' }).click()
    await expect.poll(() => page.url()).toContain('#/log')
    expect((await host.getSettings()).providers.map((p) => p.id)).toEqual(['chatgpt', 'up', 'ant'])
    await page.context().close()
  })
})

describe('fits the window', () => {
  for (const [width, height] of SIZES) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`every page at ${width}×${height} ${scheme}: one scrollbar, nothing cut off, no console errors`, async () => {
        const page = await openUi(width, height, scheme)
        const problems: string[] = []
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(m.text())
        })
        page.on('pageerror', (e) => problems.push(e.message))
        for (const id of PAGES) {
          await page.goto(`${url}/ui/#/${id}`)
          await page.waitForTimeout(250)
          // Runs in the page (a string, as the test project has no DOM types).
          const layout = (await page.evaluate(LAYOUT_PROBE)) as {
            windowScrolls: string | false
            mainOverflowX: number
            sidebar: number
          }
          expect(layout.windowScrolls, `${id}: the window itself scrolls`).toBe(false)
          expect(layout.mainOverflowX, `${id}: content wider than the window`).toBeLessThanOrEqual(
            1,
          )
          if (width < 1000) expect(layout.sidebar, 'sidebar collapses to icons').toBeLessThan(64)
          await page.screenshot({ path: join(SHOTS, `${id}-${width}x${height}-${scheme}.png`) })
        }
        await page.goto(`${url}/ui/#/log`)
        for (const name of ['Status', 'Duration']) {
          const box = await page
            .locator('.log-head span', { hasText: new RegExp(`^${name}$`) })
            .boundingBox()
          expect(box, `${name} column shown`).not.toBeNull()
          expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width)
        }
        await page.locator('.log-canvas .log-row').first().click()
        await page.getByRole('separator', { name: 'Resize the list and the detail' }).focus()
        await page.keyboard.press('ArrowDown')
        await page.screenshot({ path: join(SHOTS, `log-detail-${width}x${height}-${scheme}.png`) })
        await page.goto(`${url}/ui/#/settings`)
        const input = await page.getByLabel('Host').boundingBox()
        expect(input?.width ?? 0, 'inputs keep a usable width').toBeGreaterThan(200)
        expect(problems).toEqual([])
        await page.context().close()
      })
    }
  }
})
