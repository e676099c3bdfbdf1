// Reads a V8 .cpuprofile and sums the samples taken inside a time window: self time per function and per
// area (Node's HTTP and sockets, fastify, the gateway's own folders, GC), and inclusive time per gateway function.
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

export interface ProfileSummary {
  /** Sampled µs inside the window. */
  totalUs: number
  selfByFunction: [string, number][]
  selfByArea: [string, number][]
  /** Time with each gateway (bridge/) function on the stack (top-down: a function's callees included). */
  inclusiveByBridgeFunction: [string, number][]
}

/** The area a frame belongs to, from its script URL. */
export function areaOf(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC'
  if (name === '(program)' || name === '(idle)' || name === '(root)') return name
  if (url === '') return 'native/builtin'
  if (url.startsWith('node:')) {
    const m = /^node:(?:internal\/)?([a-z_]+)/.exec(url)
    return `node:${m?.[1] ?? 'other'}`
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (nm) return nm[1] ?? 'node_modules'
  const br = /\/(bridge\/[a-z-]+|bench)\//.exec(url)
  if (br) return br[1] ?? 'app'
  return 'other'
}

function shortUrl(url: string): string {
  const nm = /node_modules\/(.*)$/.exec(url)
  if (nm) return nm[1] ?? url
  const br = /\/(bridge\/.*)$/.exec(url)
  if (br) return br[1] ?? url
  return url.replace(/^node:/, '')
}

const frameKey = ({ callFrame: f }: ProfileNode): string =>
  `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`

const sorted = (m: Map<string, number>): [string, number][] =>
  [...m.entries()].sort((a, b) => b[1] - a[1])

/** `from`/`to` are CLOCK_MONOTONIC µs (process.hrtime of any process on this machine). */
export function summarizeProfile(file: string, from: number, to: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const selfFn = new Map<string, number>()
  const selfArea = new Map<string, number>()
  const inclusive = new Map<string, number>()
  const stacks = new Map<number, string[]>()
  const bridgeStack = (id: number): string[] => {
    const known = stacks.get(id)
    if (known) return known
    const node = byId.get(id)
    const up = parent.get(id)
    const above = up === undefined ? [] : bridgeStack(up)
    const key = node && /\/bridge\//.test(node.callFrame.url) ? frameKey(node) : undefined
    const result = key && !above.includes(key) ? [...above, key] : above
    stacks.set(id, result)
    return result
  }
  let t = profile.startTime
  let total = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0
    t += delta
    if (t < from || t > to) continue
    const id = profile.samples[i] ?? 0
    const node = byId.get(id)
    if (!node) continue
    const { functionName, url } = node.callFrame
    if (functionName === '(idle)') continue
    total += delta
    const key = frameKey(node)
    selfFn.set(key, (selfFn.get(key) ?? 0) + delta)
    const area = areaOf(url, functionName)
    selfArea.set(area, (selfArea.get(area) ?? 0) + delta)
    const stack = bridgeStack(id)
    for (const k of stack.length > 0 ? stack : ['(no gateway frame on the stack)'])
      inclusive.set(k, (inclusive.get(k) ?? 0) + delta)
  }
  return {
    totalUs: total,
    selfByFunction: sorted(selfFn),
    selfByArea: sorted(selfArea),
    inclusiveByBridgeFunction: sorted(inclusive),
  }
}
