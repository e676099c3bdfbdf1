// The gateway's heap settings on this Node: the young generation is held at its target size when set at run
// time (a child process runs the real module, transpiled), V8's defaults grow it further, and the opt-out
// skips everything.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import v8 from 'node:v8'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { transpiledModule } from './helpers/transpiled-module.js'
import {
  GATEWAY_V8_FLAGS,
  GROW,
  HOLD,
  tuneHeapForGateway,
  YOUNG_SEMI_SPACE_BYTES,
  youngGenerationGovernor,
} from '../heap-tuning.js'

const moduleFile = transpiledModule(join(import.meta.dirname, '../heap-tuning.ts'))

// Allocates like a gateway under load (short-lived objects, some kept a while, the event loop turning between
// reads) after tuneHeapForGateway(), and prints one semi-space's capacity at the end.
const CHILD = `
const { tuneHeapForGateway, semiSpaceBytes } = await import(process.argv[1])
tuneHeapForGateway()
const keep = []
for (let read = 0; read < 300; read++) {
  for (let i = 0; i < 20000; i++) {
    const o = { a: i, b: 'x' + i, c: [i] }
    if (i % 10 === 0) keep.push(o)
    if (keep.length > 40000) keep.splice(0, 20000)
  }
  await new Promise((resolve) => setImmediate(resolve))
}
console.log(semiSpaceBytes())
`

function semiSpaceAfterLoad(env: NodeJS.ProcessEnv = {}): number {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, moduleFile], {
    encoding: 'utf8',
    env: { ...process.env, SWITCHBOARD_V8_DEFAULTS: '', ...env },
  })
  expect(run.status, run.stderr).toBe(0)
  return Number(run.stdout.trim())
}

describe('heap tuning', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    delete process.env['SWITCHBOARD_V8_DEFAULTS']
  })

  it('lets the young generation grow to its target and holds it there, where V8 alone grows it further', () => {
    const tuned = semiSpaceAfterLoad()
    expect(tuned).toBeGreaterThan(YOUNG_SEMI_SPACE_BYTES * 0.75)
    expect(tuned).toBeLessThanOrEqual(YOUNG_SEMI_SPACE_BYTES)
    expect(semiSpaceAfterLoad({ SWITCHBOARD_V8_DEFAULTS: '1' })).toBeGreaterThan(tuned * 2)
  })

  it('grows below the target, holds from it on, and grows again when V8 has shrunk it', () => {
    const sizes = [1, 1, 2, 2, 1, 2].map((mb) => mb * 1_030_000)
    const set: string[] = []
    const check = youngGenerationGovernor(
      2 << 20,
      () => sizes.shift() ?? 0,
      (f) => set.push(f),
    )
    for (let i = 0; i < 6; i++) check()
    expect(set).toEqual([GROW, HOLD, GROW, HOLD])
  })

  it('sets its flags, unless SWITCHBOARD_V8_DEFAULTS=1 asks for the defaults', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined)
    tuneHeapForGateway()()
    const flags = set.mock.calls.map((c) => c[0])
    expect(flags.slice(0, GATEWAY_V8_FLAGS.length)).toEqual([...GATEWAY_V8_FLAGS])
    expect(flags.slice(GATEWAY_V8_FLAGS.length)).toEqual([
      expect.stringMatching(/^--semi-space-growth-factor=/),
    ])
    set.mockClear()
    process.env['SWITCHBOARD_V8_DEFAULTS'] = '1'
    tuneHeapForGateway()()
    expect(set).not.toHaveBeenCalled()
  })
})
