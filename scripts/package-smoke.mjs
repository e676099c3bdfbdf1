// Offline packaging smoke test: electron-builder --linux dir with a fake Electron (carrying a fuse wire), then checks asar, unpacked keytar, tray resources and fuses; needs a built dist/.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const asar = require('@electron/asar')
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses')

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
// Electron's defaults for fuse wire v1: runAsNode, cookies, NODE_OPTIONS, inspect, asar integrity, asar only, v8 snapshot, file privileges.
const DEFAULT_WIRE = '10110001'
const EXPECTED = {
  [FuseV1Options.RunAsNode]: '0',
  [FuseV1Options.EnableCookieEncryption]: '1',
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: '0',
  [FuseV1Options.EnableNodeCliInspectArguments]: '0',
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: '1',
  [FuseV1Options.OnlyLoadAppFromAsar]: '1',
}
const REQUIRED_IN_ASAR = [
  'package.json',
  'dist/electron/main/index.js',
  'dist/electron/preload/index.cjs',
  'dist/renderer/index.html',
  'dist/bridge/control/gateway-host.js',
]

for (const file of REQUIRED_IN_ASAR.slice(1)) {
  if (!existsSync(join(root, file))) {
    console.error(
      `package-smoke: ${file} is missing; build first (npm run build:electron and the renderer build)`,
    )
    process.exit(1)
  }
}

const work = await mkdtemp(join(tmpdir(), 'sb-package-'))
const problems = []
try {
  const version = JSON.parse(
    await readFile(join(root, 'node_modules/electron/package.json'), 'utf8'),
  ).version
  const dist = join(work, 'electron-dist')
  await mkdir(join(dist, 'resources'), { recursive: true })
  await mkdir(join(dist, 'locales'), { recursive: true })
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\nexit 0\n#${SENTINEL}`),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE),
    Buffer.from('\n'),
  ])
  await writeFile(join(dist, 'electron'), wire)
  await chmod(join(dist, 'electron'), 0o755)
  await writeFile(join(dist, 'version'), `v${version}`)
  await writeFile(join(dist, 'LICENSE'), '')
  await writeFile(join(dist, 'LICENSES.chromium.html'), '')

  const out = join(work, 'release')
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${dist}`,
      `-c.directories.output=${out}`,
      '-c.npmRebuild=false',
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
  )
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr)
    throw new Error(`electron-builder exited with ${run.status}`)
  }

  const app = join(out, 'linux-unpacked')
  const resources = join(app, 'resources')
  const listed = new Set(
    asar
      .listPackage(join(resources, 'app.asar'), { isPack: false })
      .map((p) => p.replace(/\\/g, '/').replace(/^\//, '')),
  )
  for (const file of REQUIRED_IN_ASAR)
    if (!listed.has(file)) problems.push(`app.asar lacks ${file}`)
  for (const p of listed) {
    if (
      /^dist\/.*\.(map|ts)$/.test(p) ||
      p.startsWith('dist/renderer-fake/') ||
      p.startsWith('electron/') ||
      p.startsWith('bridge/')
    )
      problems.push(`app.asar carries ${p}`)
  }
  if (!listed.has('node_modules/keytar/package.json'))
    problems.push('app.asar lacks the keytar package')
  const unpacked = join(
    resources,
    'app.asar.unpacked',
    'node_modules',
    'keytar',
    'build',
    'Release',
    'keytar.node',
  )
  if (!existsSync(unpacked)) problems.push('keytar.node is not unpacked from the asar')
  const tray = (await readdir(join(resources, 'tray'))).sort()
  for (const name of [
    'trayTemplate.png',
    'trayTemplate@2x.png',
    'tray-running.png',
    'tray-error@2x.png',
    'tray-signed-out.png',
    'trayStoppedTemplate.png',
  ]) {
    if (!tray.includes(name)) problems.push(`resources/tray lacks ${name}`)
  }
  if (!existsSync(join(resources, 'icon.png'))) problems.push('resources/icon.png is missing')

  const fuses = await getCurrentFuseWire(join(app, 'switchboard'))
  for (const [index, want] of Object.entries(EXPECTED)) {
    const have = String.fromCharCode(fuses[index])
    if (have !== want) problems.push(`fuse ${FuseV1Options[index]} is ${have}, want ${want}`)
  }
} finally {
  await rm(work, { recursive: true, force: true })
}

if (problems.length > 0) {
  console.error(`package-smoke: FAILED\n  - ${problems.join('\n  - ')}`)
  process.exit(1)
}
console.log(
  'package-smoke: linux dir package OK (asar contents, keytar unpacked, tray resources, fuses flipped)',
)
