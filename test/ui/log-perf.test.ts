/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The live log with 10,000 entries under a fast stream of exchanges, in Chromium: the page's long tasks while
// live and while paused (PerformanceObserver 'longtask'). Figures are printed, not asserted against a clock
// (speed is measured, not timed in tests); what is asserted is the behaviour: paused holds and counts requests.
import { createServer, type Server } from 'node:http'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { extname, join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtWebUi, launchChromium } from '../helpers/browser.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
}
const RATE = 1000
const WINDOW_MS = 3000

let server: Server
let browser: Browser
let base = ''

beforeAll(async () => {
  const fakeUi = builtWebUi('fake')
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    try {
      const body = readFileSync(join(fakeUi, path))
      res
        .writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
        .end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const address = server.address()
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/dev/fake.html`
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((r) => server?.close(r))
})

interface LongTasks {
  count: number
  totalMs: number
  maxMs: number
}

describe('live log under load', () => {
  it(`10,000 entries and ${RATE} new exchanges a second: long tasks live vs paused`, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(`${base}?entries=10000&max=10000&rate=${RATE}#/log`)
    await page.locator('.log-canvas .log-row').first().waitFor()
    // Runs in the page (a string, as the test project has no DOM types): long tasks seen during `ms`.
    const measure = async (ms: number): Promise<LongTasks> =>
      (await page.evaluate(`(async () => {
        const tasks = []
        const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push(e.duration) })
        observer.observe({ type: 'longtask', buffered: false })
        await new Promise((r) => setTimeout(r, ${ms}))
        observer.disconnect()
        return { count: tasks.length, totalMs: Math.round(tasks.reduce((a, b) => a + b, 0)), maxMs: Math.round(Math.max(0, ...tasks)) }
      })()`)) as LongTasks
    await page.waitForTimeout(500)
    const live = await measure(WINDOW_MS)
    await page.getByRole('button', { name: 'Pause' }).click()
    const rowsWhenPaused = await page.locator('.log-count').textContent()
    const paused = await measure(WINDOW_MS)
    const banner =
      (await page.getByRole('status').filter({ hasText: 'Paused' }).textContent()) ?? ''
    console.log(
      `log perf (${RATE} exchanges/s over 10,000 rows, ${WINDOW_MS} ms windows): live ${JSON.stringify(live)} · paused ${JSON.stringify(paused)} · ${banner} · load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    )
    // While paused nothing is applied, and the held count is of requests (about RATE a second), not of their events.
    expect(await page.locator('.log-count').textContent()).toBe(rowsWhenPaused)
    const held = Number(/([\d.]+k?) new requests held/.exec(banner)?.[1]?.replace('k', 'e3') ?? 0)
    expect(held).toBeGreaterThan(RATE)
    expect(held).toBeLessThan(RATE * ((WINDOW_MS + 3000) / 1000))
    await page.close()
  }, 60_000)
})
