// The gateway's V8 flags still take effect when set at run time on this Node, and the opt-out skips them.
import { spawnSync } from 'node:child_process'
import v8 from 'node:v8'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { GATEWAY_V8_FLAGS, tuneHeapForGateway } from '../heap-tuning.js'

// Allocates like a gateway (short-lived objects, some kept a while) and prints the young generation's size.
const CHILD = `
import v8 from 'node:v8'
for (const f of JSON.parse(process.argv[1])) v8.setFlagsFromString(f)
const keep = []
for (let i = 0; i < 2e6; i++) { const o = { a: i, b: 'x' + i }; if (i % 20 === 0) keep.push(o); if (keep.length > 40000) keep.splice(0, 20000) }
const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')
console.log(space.space_size)
`

function youngGenerationBytes(flags: readonly string[]): number {
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', CHILD, JSON.stringify(flags)],
    { encoding: 'utf8' },
  )
  expect(run.status, run.stderr).toBe(0)
  return Number(run.stdout.trim())
}

describe('heap tuning', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    delete process.env['SWITCHBOARD_V8_DEFAULTS']
  })

  it('keeps the young generation at its first size, where V8 alone grows it', () => {
    const tuned = youngGenerationBytes(GATEWAY_V8_FLAGS)
    const defaults = youngGenerationBytes([])
    expect(tuned).toBeLessThanOrEqual(4 << 20)
    expect(defaults).toBeGreaterThan(tuned * 2)
  })

  it('sets every flag, unless SWITCHBOARD_V8_DEFAULTS=1 asks for the defaults', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined)
    tuneHeapForGateway()
    expect(set.mock.calls.map((c) => c[0])).toEqual([...GATEWAY_V8_FLAGS])
    set.mockClear()
    process.env['SWITCHBOARD_V8_DEFAULTS'] = '1'
    tuneHeapForGateway()
    expect(set).not.toHaveBeenCalled()
  })
})
