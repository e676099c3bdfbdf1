// The system's Chromium as every script and test of the project launches it (playwright-core, headless, quiet).
import { chromium } from 'playwright-core'

/** Debian's chromium package (CHROMIUM_PATH elsewhere); Playwright's own download needs the internet. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// No sandbox (containers have no user namespaces), no GPU, and none of the background traffic a fresh profile
// starts (updates, sync, first-run pages), so that what a page does on the network is its own.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}
