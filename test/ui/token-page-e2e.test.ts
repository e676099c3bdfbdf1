/// <reference lib="dom" />
// The web UI opened without its token, in real Chromium against the headless gateway: the styled page that says
// how to open the UI, "no token" apart from "token refused" (a link from an earlier run), pasting the link or the
// token, at 1280×800 and 800×600 in light and dark. Screenshots go to SWITCHBOARD_SHOTS (default
// test-results/token-page) to look at.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtWebUi, launchChromium } from '../helpers/browser.js'
import { defaultSettings } from '../../bridge/config/defaults.js'
import { GatewayHost } from '../../bridge/control/gateway-host.js'
import { registerControlHttp } from '../../bridge/control/http-control.js'
import { MemorySecretStore } from '../../bridge/secrets/secret-store.js'
import { MemorySettingsStore, memoryKeys } from '../../bridge/test/control/host-helpers.js'

const ROOT = resolve(import.meta.dirname, '../..')
const SHOTS = process.env['SWITCHBOARD_SHOTS'] ?? join(ROOT, 'test-results/token-page')
const TOKEN = 'sbc-token-page-e2e-control-token'
const SIZES = [
  [1280, 800],
  [800, 600],
] as const

let host: GatewayHost
let browser: Browser
let url = ''

beforeAll(async () => {
  const uiDir = builtWebUi()
  mkdirSync(SHOTS, { recursive: true })
  const settings = defaultSettings()
  settings.server.port = 0
  host = new GatewayHost({
    settingsStore: new MemorySettingsStore(settings),
    accessKeys: memoryKeys(),
    secrets: new MemorySecretStore(),
    env: {},
    keepListening: true,
    extendServer: (app, h) => registerControlHttp(app, h, { token: TOKEN, uiDir }),
  })
  await host.init()
  url = (await host.startGateway()).url ?? ''
  browser = await launchChromium()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await host?.close()
})

async function open(
  path: string,
  width: number,
  height: number,
  scheme: 'light' | 'dark',
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme })
  const page = await context.newPage()
  await page.goto(`${url}${path}`)
  return page
}

/** The page's look, read in the page: styled (the app's font and background), nothing wider than the window. */
const LOOK = `(() => {
  const panel = document.querySelector('.token-panel')
  const body = getComputedStyle(document.body)
  return {
    font: body.fontFamily,
    background: getComputedStyle(document.querySelector('.token-screen')).backgroundColor,
    panelWidth: panel ? panel.getBoundingClientRect().width : 0,
    overflowX: document.documentElement.scrollWidth - window.innerWidth,
  }
})()`

describe('the web UI without its token, in Chromium', () => {
  for (const [width, height] of SIZES) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`no token, then a refused one, at ${width}×${height} ${scheme}`, async () => {
        const page = await open('/ui/', width, height, scheme)
        await expect
          .poll(() => page.getByRole('heading', { name: 'Open Switchboard with its link' }).count())
          .toBe(1)
        expect(await page.getByText('No token in this tab').count()).toBe(1)
        expect(await page.getByText(`${url}/ui/#token=…`).first().count()).toBe(1)
        const look = (await page.evaluate(LOOK)) as {
          font: string
          background: string
          panelWidth: number
          overflowX: number
        }
        expect(look.font).toContain('system-ui')
        expect(look.background).toBe(scheme === 'dark' ? 'rgb(27, 27, 29)' : 'rgb(245, 245, 247)')
        expect(look.panelWidth).toBeGreaterThan(400)
        expect(look.overflowX).toBeLessThanOrEqual(0)
        await page.screenshot({ path: join(SHOTS, `no-token-${width}x${height}-${scheme}.png`) })

        await page.goto(`${url}/ui/#token=sbc-from-an-earlier-run`)
        await page.reload()
        await expect
          .poll(() => page.getByRole('heading', { name: 'This link has expired' }).count())
          .toBe(1)
        expect(await page.getByText('Token refused').count()).toBe(1)
        await page.screenshot({ path: join(SHOTS, `refused-${width}x${height}-${scheme}.png`) })
        await page.context().close()
      })
    }
  }

  it('takes the pasted link or token: a wrong one is refused in place, the right one opens the app', async () => {
    const page = await open('/ui/', 1280, 800, 'light')
    const field = page.getByLabel('Link or control token')
    await field.fill('sbc-not-the-token')
    await page.getByRole('button', { name: 'Open' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('The gateway refused this token')
    await page.screenshot({ path: join(SHOTS, 'pasted-wrong-1280x800-light.png') })
    await field.fill(`web UI: ${url}/ui/#token=${TOKEN}`)
    await page.getByRole('button', { name: 'Open' }).click()
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).count()).toBe(1)
    await expect.poll(() => page.getByRole('heading', { name: 'Overview' }).count()).toBe(1)
    // Kept for this tab: a reload stays in the app.
    await page.reload()
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).count()).toBe(1)
    await page.context().close()
  })
})
