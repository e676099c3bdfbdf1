// Real Chromium for the UI and security tests (playwright-core driving the system's Chromium, headless, quiet),
// and the web UI build those tests load, made once when dist/ has none.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { launchChromium } from '../../scripts/chromium.mjs'

const ROOT = resolve(import.meta.dirname, '../..')

export { launchChromium }

/**
 * The web UI's folder, built first when missing: `app` is what the gateway serves at /ui/ (dist/renderer);
 * `fake` is the dev page on an in-memory backend (dist/renderer-fake/dev/fake.html).
 */
export function builtWebUi(mode: 'app' | 'fake' = 'app'): string {
  const dir = join(ROOT, mode === 'fake' ? 'dist/renderer-fake' : 'dist/renderer')
  if (existsSync(join(dir, mode === 'fake' ? 'dev/fake.html' : 'index.html'))) return dir
  const built = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
      ...(mode === 'fake' ? ['--mode', 'fake'] : []),
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  )
  if (built.status !== 0) throw new Error(`the web UI (${mode}) did not build`)
  return dir
}
