// Renders build/icon.png and the tray images from inline SVG with headless Chromium; the PNGs are committed as sources.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchChromium } from './chromium.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const build = join(root, 'build')

// Two jacks joined by a patch cable: the switchboard.
const APP_ICON = `
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#5b5bf0"/>
      <stop offset="1" stop-color="#1597d8"/>
    </linearGradient>
    <linearGradient id="shine" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#fff" stop-opacity="0.18"/>
      <stop offset="0.5" stop-color="#fff" stop-opacity="0"/>
    </linearGradient>
  </defs>
  <rect x="32" y="32" width="448" height="448" rx="100" fill="url(#bg)"/>
  <rect x="32" y="32" width="448" height="448" rx="100" fill="url(#shine)"/>
  <g opacity="0.55">
    <g fill="none" stroke="#fff" stroke-linecap="round" stroke-width="26">
      <path d="M150 336 C 150 300, 220 280, 236 268"/>
      <path d="M362 176 C 362 212, 300 236, 276 244"/>
    </g>
    <circle cx="150" cy="362" r="30" fill="#fff"/>
    <circle cx="362" cy="150" r="30" fill="#fff"/>
  </g>
  <path d="M150 176 C 150 300, 362 212, 362 336" fill="none" stroke="#fff" stroke-linecap="round" stroke-width="26"/>
  <circle cx="150" cy="150" r="42" fill="#fff"/>
  <circle cx="362" cy="362" r="42" fill="#fff"/>
</svg>`

// The tray glyph on a 32-unit grid: filled jacks when running, hollow when stopped.
function trayGlyph(color, { hollow = false } = {}) {
  const jack = (cx, cy) =>
    hollow
      ? `<circle cx="${cx}" cy="${cy}" r="4.5" fill="none" stroke="${color}" stroke-width="3"/>`
      : `<circle cx="${cx}" cy="${cy}" r="6" fill="${color}"/>`
  return `
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
  <path d="M8 12 C 8 22, 24 10, 24 20" fill="none" stroke="${color}" stroke-width="3.2" stroke-linecap="round"/>
  ${jack(8, 8)}
  ${jack(24, 24)}
</svg>`
}

// A small badge marks the states that need attention, so they read even without colour.
function badged(color, mark) {
  const base = trayGlyph(color).replace('</svg>', '')
  const badge =
    mark === '!'
      ? `<circle cx="25" cy="7" r="7" fill="${color}"/><rect x="23.6" y="2.6" width="2.8" height="5.6" rx="1.2" fill="#fff"/><circle cx="25" cy="10.6" r="1.5" fill="#fff"/>`
      : `<circle cx="25" cy="7" r="7" fill="${color}"/><rect x="21" y="5.6" width="8" height="2.8" rx="1.2" fill="#fff"/>`
  return `${base}${badge}</svg>`
}

const TRAY = {
  trayTemplate: trayGlyph('#000'),
  trayStoppedTemplate: trayGlyph('#000', { hollow: true }),
  'tray-running': trayGlyph('#22a95b'),
  'tray-stopped': trayGlyph('#8e8e93', { hollow: true }),
  'tray-error': badged('#e5484d', '!'),
  'tray-signed-out': badged('#e09a13', '-'),
}

async function render(page, svg, size) {
  await page.setViewportSize({ width: size, height: size })
  await page.setContent(
    `<!doctype html><html><body style="margin:0;background:transparent">` +
      svg.replace('<svg ', `<svg width="${size}" height="${size}" `) +
      `</body></html>`,
  )
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
}

const browser = await launchChromium()
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 })
  await mkdir(join(build, 'tray'), { recursive: true })
  await writeFile(join(build, 'icon.png'), await render(page, APP_ICON, 512))
  for (const [name, svg] of Object.entries(TRAY)) {
    await writeFile(join(build, 'tray', `${name}.png`), await render(page, svg, 16))
    await writeFile(join(build, 'tray', `${name}@2x.png`), await render(page, svg, 32))
  }
  console.log(`icons written to ${build}`)
} finally {
  await browser.close()
}
