// The pipeline and the inbound routes work through the provider interface only: they name no provider kind
// and import no provider's folder; and one module (pipeline/deliver.ts) ends every response.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')
const AREAS = ['bridge/pipeline', 'bridge/routes']
const PROVIDER_FOLDERS = [
  'bridge/upstream/chatgpt',
  'bridge/upstream/codex-cli',
  'bridge/upstream/http-provider.ts',
  'bridge/upstream/target.ts',
]

function sources(area: string): string[] {
  return readdirSync(join(ROOT, area), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(ROOT, area, f))
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [
    ...text.matchAll(
      /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? '')
}

const rel = (f: string): string => relative(ROOT, f)

describe('providers behind one interface', () => {
  it('bridge/pipeline and bridge/routes mention no provider kind', () => {
    const bad: string[] = []
    for (const area of AREAS) {
      for (const f of sources(area)) {
        readFileSync(f, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            const kindTest =
              /\bkind\s*[!=]==?\s*['"](chatgpt|codex-cli|anthropic|openai-chat|openai-responses)['"]/.test(
                line,
              )
            const caseTest = /case\s+['"](chatgpt|codex-cli|anthropic)['"]/.test(line)
            // Codex the client may be named (its WebSocket probe); the provider kinds and their backend headers may not.
            if (/chatgpt|codex-cli|x-codex-/i.test(line) || kindTest || caseTest)
              bad.push(`${rel(f)}:${i + 1}: ${line.trim()}`)
          })
      }
    }
    expect(bad).toEqual([])
  })

  it('bridge/pipeline and bridge/routes import no provider folder, only the interface and the registry', () => {
    const bad: string[] = []
    for (const area of AREAS) {
      for (const f of sources(area)) {
        for (const spec of importsOf(f)) {
          if (!spec.startsWith('.')) continue
          const target = rel(resolve(dirname(f), spec)).replace(/\.js$/, '.ts')
          if (PROVIDER_FOLDERS.some((p) => target === p || target.startsWith(`${p}/`)))
            bad.push(`${rel(f)} → ${spec}`)
        }
      }
    }
    expect(bad).toEqual([])
  })
})

describe('one exit path per exchange', () => {
  /** Every line in the pipeline and routes that ends a response or finishes a log entry. */
  function exits(): string[] {
    const out: string[] = []
    for (const area of AREAS) {
      for (const f of sources(area)) {
        readFileSync(f, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (/exchange\.finish\(|raw\.end\(|raw\.writeHead\(|writer\.end\(/.test(line))
              out.push(`${rel(f)}:${i + 1}`)
          })
      }
    }
    return out
  }

  it('only pipeline/deliver.ts (and the socket writer it drives) ends a response', () => {
    const outside = exits().filter(
      (e) =>
        !e.startsWith('bridge/pipeline/deliver.ts:') &&
        !e.startsWith('bridge/pipeline/sse-writer.ts:'),
    )
    expect(outside).toEqual([])
  })

  it('the log entry is finished in exactly one place', () => {
    const finishes = exits().filter((e) =>
      readFileSync(join(ROOT, e.split(':')[0] ?? ''), 'utf8')
        .split('\n')
        [Number(e.split(':')[1]) - 1]?.includes('exchange.finish('),
    )
    expect(finishes).toHaveLength(1)
  })
})
