// The gateway's tiering setting on this Node, set at run time: a function run once per request is optimized
// after fewer runs than with V8's defaults, and the opt-out keeps the defaults (a child runs the real module).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { transpiledModule } from './helpers/transpiled-module.js'

const moduleFile = transpiledModule(join(import.meta.dirname, '../jit-tuning.ts'))

// 600 runs: V8's default budget optimizes this function after 800–1,600, the gateway's after 200–400.
// Compiling on the main thread makes the answer not depend on a background thread's timing.
const CHILD = `
const { tuneJitForGateway } = await import(process.argv[1])
tuneJitForGateway()
const perRequest = (o) => { let s = 0; for (const k in o) s += String(o[k]).length; return s + JSON.stringify(o).length }
const body = { model: 'm', stream: true, max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] }
for (let i = 0; i < 600; i++) perRequest(body)
// Bit 4 of V8's optimization status: the function runs optimized code.
console.log((eval('%GetOptimizationStatus(perRequest)') & 16) !== 0 ? 'optimized' : 'not optimized')
`

function runChild(env: NodeJS.ProcessEnv = {}): string {
  const child = spawnSync(
    process.execPath,
    [
      '--allow-natives-syntax',
      '--no-concurrent-recompilation',
      '--input-type=module',
      '-e',
      CHILD,
      moduleFile,
    ],
    { encoding: 'utf8', env: { ...process.env, ...env } },
  )
  expect(child.stderr).toBe('')
  return child.stdout.trim()
}

describe('tuneJitForGateway', () => {
  it('optimizes per-request code after fewer requests', () => {
    expect(runChild()).toBe('optimized')
  })

  it('keeps V8 defaults when SWITCHBOARD_V8_DEFAULTS=1', () => {
    expect(runChild({ SWITCHBOARD_V8_DEFAULTS: '1' })).toBe('not optimized')
  })
})
