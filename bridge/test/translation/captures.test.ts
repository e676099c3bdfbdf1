// The requests Claude Code and Codex CLI really sent (shared/captures) decode, translate to every other
// dialect and decode back without losing anything the target dialect can carry.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import { DIALECTS, type Dialect } from '../../protocol/dialects.js'
import { codecFor } from '../../protocol/registry.js'
import { factsOf, missingTexts } from './facts.js'

const CAPTURES = resolve(import.meta.dirname, '../../../../shared/captures')

interface Capture {
  run: string
  seq: number
  dialect: Dialect
  body: unknown
}

function captures(): Capture[] {
  if (!existsSync(CAPTURES)) return []
  const out: Capture[] = []
  for (const run of readdirSync(CAPTURES).sort()) {
    const file = join(CAPTURES, run, 'requests.jsonl')
    if (!existsSync(file)) continue
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue
      const r = JSON.parse(line) as { seq: number; method: string; path: string; body: unknown }
      if (r.method !== 'POST' || r.body === null || typeof r.body !== 'object') continue
      const dialect: Dialect | undefined = r.path.endsWith('/messages') ? 'anthropic-messages' : r.path.endsWith('/responses') ? 'openai-responses' : undefined
      if (dialect) out.push({ run, seq: r.seq, dialect, body: r.body })
    }
  }
  return out
}

// Identical bodies recur across runs; one of each is enough.
const unique = new Map<string, Capture>()
for (const c of captures()) unique.set(JSON.stringify(c.body), c)
const ALL = [...unique.values()]

describe('captured client requests', () => {
  it('are present (shared/captures is beside the project)', () => {
    expect(ALL.length).toBeGreaterThan(5)
  })

  for (const cap of ALL) {
    const label = `${cap.run}#${cap.seq}`
    const source = codecFor(cap.dialect).decodeRequest(cap.body)
    const before = factsOf(source)

    it(`${label}: decodes with its tools, texts and tool turns`, () => {
      const raw = cap.body as { tools?: { type?: string }[] }
      const clientTools = (raw.tools ?? []).filter((t) => t.type === undefined || t.type === 'function' || t.type === 'custom')
      expect(before.toolNames.length).toBe(clientTools.length)
      expect(before.texts.length).toBeGreaterThan(0)
    })

    for (const target of DIALECTS) {
      it(`${label} (${cap.dialect}) → ${target}: nothing the target can carry is lost`, () => {
        const encoded = codecFor(target).encodeRequest(structuredClone(source))
        const back: CanonicalRequest = codecFor(target).decodeRequest({ ...encoded.body, model: source.model })
        const after = factsOf(back)
        expect(missingTexts(before, after)).toEqual([])
        expect(after.toolCalls).toEqual(before.toolCalls.map((c) => (typeof c.args === 'string' && target !== 'openai-responses' ? { name: c.name, args: { input: c.args } } : c)))
        expect(after.toolResults.map((r) => r.text.replace(/^\[tool_error\] /, ''))).toEqual(before.toolResults.map((r) => r.text))
        expect(after.toolNames).toEqual(before.toolNames)
        expect(after.images).toBe(before.images)
        if (target === cap.dialect) expect(after.reasoning).toEqual(before.reasoning)
        for (const n of encoded.notes) expect(n.message.length).toBeGreaterThan(0)
      })
    }
  }
})
