// `node dist-bench/bench/profile-summary.js FILE.cpuprofile [--top N] [--inclusive f,g]`: where a V8 CPU
// profile's busy time goes — self time by area of the code, the functions with the most self time, and the
// total (self + callees) time of the named functions. Idle time and the start-up before the first request are
// left out.
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  parent?: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const args = process.argv.slice(2)
const file = args[0]
if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [--top N]')
const option = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? args[at + 1] : undefined
}
const top = Number(option('top') ?? 30)
const inclusive = (option('inclusive') ?? '').split(',').filter((f) => f !== '')
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile

const byId = new Map(profile.nodes.map((n) => [n.id, n]))
for (const n of profile.nodes)
  for (const c of n.children ?? []) {
    const child = byId.get(c)
    if (child) child.parent = n.id
  }
const stack = (id: number): ProfileNode[] => {
  const out: ProfileNode[] = []
  for (let n = byId.get(id); n; n = n.parent === undefined ? undefined : byId.get(n.parent))
    out.push(n)
  return out
}
/** Samples from the first one inside a model request on: the gateway's start-up is not what is measured. */
const FIRST = 'handleModelRequest'
const from = profile.samples.findIndex((id) =>
  stack(id).some((n) => n.callFrame.functionName === FIRST),
)
const selfUs = new Map<number, number>()
const inclusiveUs = new Map<string, number>()
profile.samples.forEach((id, i) => {
  if (i < from) return
  const us = profile.timeDeltas[i] ?? 0
  selfUs.set(id, (selfUs.get(id) ?? 0) + us)
  const names = new Set(stack(id).map((n) => n.callFrame.functionName))
  for (const f of inclusive) if (names.has(f)) inclusiveUs.set(f, (inclusiveUs.get(f) ?? 0) + us)
})

/** The area a frame belongs to, from its script's path. */
function area(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC'
  if (name === '(program)' || name === '(root)') return 'V8/native (program)'
  if (url === '') return 'V8/native builtins'
  if (url.startsWith('node:')) {
    if (/net|stream|_http|http|tls|dns/.test(url)) return `node ${url.slice(5).split('/')[0]}`
    return 'node other'
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (nm) return `dep ${nm[1]}`
  const own = /dist(?:-bench)?\/bridge\/([^/]+)(?:\/([^/]+))?/.exec(url)
  if (own)
    return own[2]?.endsWith('.js') === false ? `bridge/${own[1]}/${own[2]}` : `bridge/${own[1]}`
  return url
}

let busy = 0
const areas = new Map<string, number>()
const functions = new Map<string, number>()
for (const [id, us] of selfUs) {
  const node = byId.get(id)
  if (!node) continue
  const { functionName, url, lineNumber } = node.callFrame
  if (functionName === '(idle)') continue
  busy += us
  const a = area(url, functionName)
  areas.set(a, (areas.get(a) ?? 0) + us)
  const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(dist(-bench)?|node_modules)\//, '')}:${lineNumber + 1}`
  functions.set(key, (functions.get(key) ?? 0) + us)
}

const pct = (us: number): string => `${((100 * us) / busy).toFixed(1).padStart(5)} %`
const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1])
process.stdout.write(`busy ${(busy / 1000).toFixed(0)} ms (idle excluded)\n\nself time by area:\n`)
for (const [a, us] of sorted(areas)) process.stdout.write(`${pct(us)}  ${a}\n`)
process.stdout.write(`\ntop ${top} functions by self time:\n`)
for (const [f, us] of sorted(functions).slice(0, top)) process.stdout.write(`${pct(us)}  ${f}\n`)
if (inclusive.length > 0) {
  process.stdout.write('\ntotal time (self + callees):\n')
  for (const f of inclusive) process.stdout.write(`${pct(inclusiveUs.get(f) ?? 0)}  ${f}\n`)
}
