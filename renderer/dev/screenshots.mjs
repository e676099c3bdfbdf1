// Screenshots of every page in light and dark against the fake backend build (dist/renderer-fake).
// Run: npx vite build --config renderer/vite.config.ts --mode fake && node renderer/dev/screenshots.mjs [outDir]
import { createServer } from 'node:http'
import { mkdir, readFile } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { launchChromium } from '../../scripts/chromium.mjs'

const root = resolve(import.meta.dirname, '../../dist/renderer-fake')
const out = resolve(process.argv[2] ?? '/tmp/ui-shots')
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
const PAGES = [
  'overview',
  'account',
  'providers',
  'mappings',
  'filters',
  'log',
  'snippets',
  'settings',
]

const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname
  try {
    const body = await readFile(join(root, path === '/' ? 'dev/fake.html' : path))
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
    res.end(body)
  } catch {
    res.writeHead(404).end()
  }
})
await new Promise((r) => server.listen(0, '127.0.0.1', r))
const base = `http://127.0.0.1:${server.address().port}/dev/fake.html`

await mkdir(out, { recursive: true })
const browser = await launchChromium()
const problems = []
try {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({
      viewport: { width: 1200, height: 800 },
      colorScheme: scheme,
      deviceScaleFactor: 1,
    })
    const page = await context.newPage()
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${scheme}: ${m.text()}`)
    })
    page.on('pageerror', (e) => problems.push(`${scheme}: ${e.message}`))
    for (const id of PAGES) {
      await page.goto(`${base}?entries=3000#/${id}`)
      await page.waitForTimeout(350)
      await page.screenshot({ path: join(out, `${id}-${scheme}.png`) })
    }
    await page.goto(`${base}?entries=3000&live=1#/log`)
    await page.waitForTimeout(300)
    await page.locator('.log-canvas .log-row').first().click()
    await page.waitForTimeout(1200)
    await page.screenshot({ path: join(out, `log-detail-${scheme}.png`) })
    await page.getByRole('tab', { name: 'Requests' }).click()
    await page.waitForTimeout(150)
    await page.screenshot({ path: join(out, `log-requests-${scheme}.png`) })
    await page.goto(`${base}#/mappings`)
    await page.getByLabel('Model to test').fill('claude-sonnet-4-5')
    await page.getByRole('button', { name: 'Test', exact: true }).click()
    await page.waitForTimeout(200)
    await page.screenshot({ path: join(out, `mappings-tested-${scheme}.png`) })
    await page.getByRole('button', { name: 'Add rule' }).click()
    await page.screenshot({ path: join(out, `mappings-dirty-${scheme}.png`) })
    await page.goto(`${base}#/overview`)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.screenshot({
      path: join(out, `focus-${scheme}.png`),
      clip: { x: 0, y: 0, width: 600, height: 300 },
    })
    await page.goto(`${base}?signedOut=1#/account`)
    await page.getByRole('button', { name: 'Use a device code' }).click()
    await page.waitForTimeout(200)
    await page.screenshot({ path: join(out, `account-device-${scheme}.png`) })
    await context.close()
  }
} finally {
  await browser.close()
  server.close()
}
console.log(problems.length ? `console problems:\n${problems.join('\n')}` : 'no console errors')
console.log(`screenshots in ${out}`)
