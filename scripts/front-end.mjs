// Which front end `npm start` runs (the tray app or the headless gateway) and the one-line reason it gives.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Where setup keeps the outcome of fetching Electron's binary, for `npm start` to quote. */
export function electronStatusFile(root) {
  return join(root, 'node_modules', '.switchboard', 'electron.txt')
}

/** The Electron executable in node_modules, when its binary was downloaded. */
export function electronBinary(root) {
  const dir = join(root, 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : undefined
}

export function readElectronStatus(root) {
  try {
    const parsed = JSON.parse(readFileSync(electronStatusFile(root), 'utf8'))
    return typeof parsed?.reason === 'string'
      ? { ok: parsed.ok === true, reason: parsed.reason }
      : undefined
  } catch {
    return undefined
  }
}

export function chooseFrontEnd({ electron, status, env, platform, args }) {
  if (args.includes('--headless') || env.SWITCHBOARD_HEADLESS === '1')
    return {
      kind: 'headless',
      reason: 'the headless gateway was asked for (--headless or SWITCHBOARD_HEADLESS=1)',
    }
  if (!electron) {
    const why = status && !status.ok ? status.reason : "Electron's binary is not installed"
    return {
      kind: 'headless',
      reason: `${why}; run \`bash scripts/setup.sh\` with internet access to get the tray app`,
    }
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
    return {
      kind: 'headless',
      reason:
        'there is no graphical display (DISPLAY and WAYLAND_DISPLAY are unset), so the tray cannot show',
    }
  return { kind: 'tray', reason: `Electron was found at ${electron}` }
}
