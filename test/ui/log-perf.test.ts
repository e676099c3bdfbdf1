/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The live log with 10,000 entries under a fast stream of exchanges, in Chromium: the page's long tasks while
// live and while paused (PerformanceObserver 'longtask'). Figures are printed, not asserted against a clock
// (speed is measured, not timed in tests); what is asserted is the behaviour: paused holds and counts requests.
import { spawnSync } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { existsSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { extname, join, resolve } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const FAKE_UI = join(ROOT, 'dist/renderer-fake')
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
  if (!existsSync(join(FAKE_UI, 'dev/fake.html'))) {
    const built = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'renderer/vite.config.ts',
        '--mode',
        'fake',
        '--logLevel',
        'warn',
      ],
      { cwd: ROOT, stdio: 'inherit' },
    )
    if (built.status !== 0) throw new Error('the fake-backed UI did not build')
  }
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    try {
      const body = readFileSync(join(FAKE_UI, path))
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
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  })
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
