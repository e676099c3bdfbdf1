// Resource locations for the main process: preload bundle, renderer, tray images; the same code runs from the source tree and from app.asar.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RendererTarget } from './renderer-target.js'

/** Set to the Vite dev server (e.g. http://localhost:5174) to load the renderer with hot reload; ignored in packaged builds. */
export const DEV_SERVER_ENV = 'SWITCHBOARD_DEV_SERVER_URL'

export interface AppPaths {
  /** The sandboxed preload: one CommonJS bundle. */
  preload: string
  renderer: RendererTarget
  /** Folder with the tray images (extraResources `tray/` when packaged, build/tray in a checkout). */
  trayDir: string
  /** Window icon for Linux; other platforms take the icon from the bundle. */
  icon: string
  /**
   * SQLite's binding for Electron's ABI, fetched by setup beside the package's Node build (a checkout runs both
   * `serve` under Node and the tray under Electron). Packaged builds have the package rebuilt for Electron.
   */
  sqliteBinding?: string
}

export interface PathInputs {
  packaged: boolean
  resourcesPath: string
  env: NodeJS.ProcessEnv
  /** dist/electron/main: where this compiled file lives. */
  mainDir?: string
}

const MAIN_DIR = dirname(fileURLToPath(import.meta.url))

export function appPaths(inputs: PathInputs): AppPaths {
  const mainDir = inputs.mainDir ?? MAIN_DIR
  // dist/electron/main → the folder that holds dist/ (the checkout, or app.asar when packaged).
  const root = resolve(mainDir, '..', '..', '..')
  const devUrl = inputs.packaged ? undefined : inputs.env[DEV_SERVER_ENV]?.trim()
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    renderer: devUrl
      ? { kind: 'dev', url: new URL(devUrl).href }
      : { kind: 'file', file: join(root, 'dist', 'renderer', 'index.html') },
    trayDir: inputs.packaged ? join(inputs.resourcesPath, 'tray') : join(root, 'build', 'tray'),
    icon: inputs.packaged
      ? join(inputs.resourcesPath, 'icon.png')
      : join(root, 'build', 'icon.png'),
    ...(inputs.packaged
      ? {}
      : {
          sqliteBinding: join(
            root,
            'node_modules',
            '.switchboard',
            'electron',
            'better_sqlite3.node',
          ),
        }),
  }
}
