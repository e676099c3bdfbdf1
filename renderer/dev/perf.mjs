// Smoothness check for the live log: 10,000 rows, a fast event stream, scrolling; reports long tasks and frame gaps.
// Run: npx vite build --config renderer/vite.config.ts --mode fake && node renderer/dev/perf.mjs
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { launchChromium } from '../../scripts/chromium.mjs'

const root = resolve(import.meta.dirname, '../../dist/renderer-fake')
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname
  try {
    const body = await readFile(join(root, path))
    res
      .writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
      .end(body)
  } catch {
    res.writeHead(404).end()
  }
})
await new Promise((r) => server.listen(0, '127.0.0.1', r))
const rate = Number(process.argv[2] ?? '3000')
const url = `http://127.0.0.1:${server.address().port}/dev/fake.html?entries=10000&max=10000&rate=${rate}#/log`

const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
  const t0 = Date.now()
  await page.goto(url)
  await page.locator('.log-canvas .log-row').first().waitFor()
  console.log(`first rows after ${Date.now() - t0} ms`)
  const result = await page.evaluate(async () => {
    const longTasks = []
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => longTasks.push(Math.round(e.duration))),
    ).observe({ type: 'longtask', buffered: false })
    const gaps = []
    let last = performance.now()
    let running = true
    const tick = (now) => {
      gaps.push(now - last)
      last = now
      if (running) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
    const scroller = document.querySelector('.log-scroll')
    for (let i = 0; i < 150; i++) {
      scroller.scrollTop += 400
      await new Promise((r) => requestAnimationFrame(r))
    }
    await new Promise((r) => setTimeout(r, 1500))
    running = false
    gaps.sort((a, b) => a - b)
    const pct = (p) => Math.round(gaps[Math.floor(gaps.length * p)] ?? 0)
    return {
      frames: gaps.length,
      p50: pct(0.5),
      p95: pct(0.95),
      max: pct(0.999),
      longTasks,
      rows: document.querySelector('[aria-live="polite"].dim')?.textContent,
    }
  })
  console.log(JSON.stringify(result))
} finally {
  await browser.close()
  server.close()
}
