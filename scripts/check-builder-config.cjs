// Checks electron-builder.yml offline: electron-builder's own schema validation, then the invariants Switchboard relies on.
'use strict'
const path = require('node:path')
// Internal paths of app-builder-lib (hoisted by electron-builder); not public API, so re-check on electron-builder upgrades.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config')
const { DebugLogger } = require('builder-util')

const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  enableCookieEncryption: true,
}

const REQUIRED_TARGETS = { linux: ['AppImage', 'deb'], mac: ['dmg'], win: ['nsis'] }

function targetNames(platform) {
  const target = platform && platform.target
  const list = Array.isArray(target) ? target : target ? [target] : []
  return list.map((t) => (typeof t === 'string' ? t : t.target))
}

/** Every broken invariant, in words; empty when the configuration is as Switchboard needs it. */
function invariantProblems(config) {
  const problems = []
  if (!config.appId) problems.push('appId is missing')
  if (config.productName !== 'Switchboard')
    problems.push(`productName must be Switchboard, got ${JSON.stringify(config.productName)}`)
  if (!config.directories || config.directories.buildResources !== 'build')
    problems.push('directories.buildResources must be build')
  for (const [platform, wanted] of Object.entries(REQUIRED_TARGETS)) {
    const have = targetNames(config[platform])
    for (const name of wanted)
      if (!have.includes(name)) problems.push(`${platform}.target must include ${name}`)
  }
  const fuses = config.electronFuses || {}
  for (const [fuse, value] of Object.entries(REQUIRED_FUSES)) {
    if (fuses[fuse] !== value)
      problems.push(`electronFuses.${fuse} must be ${value}, got ${JSON.stringify(fuses[fuse])}`)
  }
  const unpack = [].concat(config.asarUnpack || [])
  if (config.asar === false) problems.push('asar must stay on (onlyLoadAppFromAsar needs it)')
  if (!unpack.some((p) => p === '**/*.node' || /keytar/.test(p)))
    problems.push('asarUnpack must unpack native .node files (keytar)')
  // getConfig normalises `files` into [{ filter: [...] }].
  const files = []
    .concat(config.files || [])
    .flatMap((f) => (typeof f === 'string' ? [f] : [].concat(f.filter || [])))
  if (!files.includes('package.json') || !files.some((f) => f.startsWith('dist/')))
    problems.push('files must include package.json and dist/**')
  const resources = [].concat(config.extraResources || [])
  if (!resources.some((r) => r && r.from === 'build/tray' && r.to === 'tray'))
    problems.push('extraResources must copy build/tray to tray')
  return problems
}

async function check(file, projectDir) {
  const config = await getConfig(projectDir, file, null)
  await validateConfiguration(config, new DebugLogger(false))
  return invariantProblems(config)
}

if (require.main === module) {
  const projectDir = path.join(__dirname, '..')
  const file = path.resolve(projectDir, process.argv[2] || 'electron-builder.yml')
  check(file, projectDir).then(
    (problems) => {
      if (problems.length > 0) {
        console.error(
          `${path.relative(projectDir, file)}: valid for electron-builder but breaks Switchboard's rules:\n  - ${problems.join('\n  - ')}`,
        )
        process.exit(1)
      }
      console.log(`electron-builder config OK: ${path.relative(projectDir, file)}`)
    },
    (error) => {
      console.error(`INVALID ${path.relative(projectDir, file)}: ${error.message}`)
      process.exit(1)
    },
  )
}

module.exports = { check, invariantProblems }
