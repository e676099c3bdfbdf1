// Reads `perf script` output of a gateway recorded with --perf-basic-prof-only-functions: real CPU samples
// (kernel, GC threads and JIT frames included, idle never sampled), summed as self time by area and function
// and as time with each gateway function on the stack, like profile-summary.ts does for V8's profiler.
import { areaOf } from './profile-summary.js'

export interface PerfSummary {
  samples: number
  selfByArea: [string, number][]
  selfByFunction: [string, number][]
  selfByThread: [string, number][]
  inclusiveByBridgeFunction: [string, number][]
}

interface Frame {
  sym: string
  dso: string
}

/** A JIT frame as the perf map names it: `JS:*name file:///…/x.js:12:3` (older Node: `LazyCompile:*name …`). */
const JIT = /^(?:JS|LazyCompile|Function|Builtin|Script|RegExp|Eval|Code):[*~^+]?(\S*) ?(\S*)$/

function parseJit(sym: string): { name: string; url: string } | undefined {
  const m = JIT.exec(sym)
  if (!m) return undefined
  const url = (m[2] ?? '').replace(/:\d+(:\d+)?$/, '')
  return { name: m[1] || '(anonymous)', url }
}

/** Native frames by what they do: the kernel, V8's collector and compiler, HTTP parsing, strings, libuv, the rest. */
function nativeArea({ sym, dso }: Frame): string {
  if (dso.includes('kernel') || dso === '[unknown]' || sym.startsWith('[k]')) return 'kernel'
  if (/Heap|Scaveng|MarkCompact|Sweep|Evacuat|Marking|GCTracer|ConcurrentMarking|Minor/i.test(sym))
    return 'GC'
  if (/compiler::|Maglev|Compil|Turbofan|Baseline(?!OutOfLine)/.test(sym)) return 'V8 compiler'
  if (/llhttp|http_parser|node::.*Parser/.test(sym)) return 'node:http parser (C++)'
  if (/ucnv_|icu_/.test(sym)) return 'text decoding (ICU)'
  if (/String/.test(sym)) return 'V8 strings'
  if (/^uv_|^uv__/.test(sym)) return 'libuv'
  if (/libc|ld-linux/.test(dso)) return 'libc'
  if (/^Builtins?_/.test(sym)) return 'V8 builtins'
  if (/Json|JSON/.test(sym)) return 'V8 JSON'
  return 'Node/V8 native'
}

function shortUrl(url: string): string {
  const nm = /node_modules\/(.*)$/.exec(url)
  if (nm) return nm[1] ?? url
  const br = /\/(bridge\/.*|bench\/.*)$/.exec(url)
  if (br) return br[1] ?? url
  return url.replace(/^node:/, '')
}

function describe(frame: Frame): { key: string; area: string; bridge: boolean } {
  const jit = parseJit(frame.sym)
  if (jit) {
    const url = jit.url.replace(/^file:\/\//, '')
    return {
      key: `${jit.name} ${shortUrl(url)}`,
      area: areaOf(url, jit.name),
      bridge: /\/bridge\//.test(url),
    }
  }
  return { key: `${frame.sym} [${frame.dso}]`, area: nativeArea(frame), bridge: false }
}

const sorted = (m: Map<string, number>): [string, number][] =>
  [...m.entries()].sort((a, b) => b[1] - a[1])
const add = (m: Map<string, number>, k: string): void => {
  m.set(k, (m.get(k) ?? 0) + 1)
}

/**
 * `text`: `perf script -F comm,tid,ip,sym,dso` output (a header line per sample, then its stack, leaf first).
 * Node's threads all carry the name `node`, so the main thread is told apart by its id, the process id.
 */
export function summarizePerf(text: string, mainTid: number): PerfSummary {
  const selfArea = new Map<string, number>()
  const selfFn = new Map<string, number>()
  const byThread = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let samples = 0
  let thread = ''
  let stack: Frame[] = []
  const close = (): void => {
    const leaf = stack[0]
    if (leaf) {
      samples++
      const d = describe(leaf)
      add(selfArea, d.area)
      add(selfFn, d.key)
      add(byThread, thread)
      const seen = new Set<string>()
      for (const f of stack) {
        const g = describe(f)
        if (g.bridge && !seen.has(g.key)) {
          seen.add(g.key)
          add(inclusive, g.key)
        }
      }
      if (seen.size === 0) add(inclusive, '(no gateway frame on the stack)')
    }
    stack = []
  }
  for (const line of text.split('\n')) {
    if (line === '') {
      close()
      continue
    }
    if (!/^\s/.test(line)) {
      close()
      const tid = Number(/(\d+)\s*$/.exec(line)?.[1])
      thread =
        tid === mainTid
          ? 'main thread (JavaScript, I/O)'
          : 'other threads (GC helpers, compiler, libuv pool)'
      continue
    }
    const m = /^\s+[0-9a-f]+\s+(.*?)\s+\(([^)]*)\)\s*$/.exec(line)
    if (m) stack.push({ sym: (m[1] ?? '').replace(/\+0x[0-9a-f]+$/, ''), dso: m[2] ?? '' })
  }
  close()
  return {
    samples,
    selfByArea: sorted(selfArea),
    selfByFunction: sorted(selfFn),
    selfByThread: sorted(byThread),
    inclusiveByBridgeFunction: sorted(inclusive),
  }
}
