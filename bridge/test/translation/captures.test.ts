// The requests Claude Code and Codex CLI really sent (bridge/test/fixtures/captures) decode, translate to every other
// dialect and decode back without losing anything the target dialect can carry.
import { describe, expect, it } from 'vitest'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import { DIALECTS, type Dialect } from '../../protocol/dialects.js'
import { codecFor } from '../../protocol/registry.js'
import { allCapturedPosts, type CapturedRequest } from '../helpers/captures.js'
import { factsOf, missingTexts } from './facts.js'

// Identical bodies recur across runs; one of each is enough.
const unique = new Map<string, CapturedRequest & { dialect: Dialect }>()
for (const c of allCapturedPosts()) {
  const dialect: Dialect | undefined = c.path.endsWith('/messages')
    ? 'anthropic-messages'
    : c.path.endsWith('/responses')
      ? 'openai-responses'
      : undefined
  if (dialect) unique.set(JSON.stringify(c.body), { ...c, dialect })
}
const ALL = [...unique.values()]

describe('captured client requests', () => {
  it('are present (bridge/test/fixtures/captures)', () => {
    expect(ALL.length).toBeGreaterThan(5)
  })

  for (const cap of ALL) {
    const label = `${cap.run}#${cap.seq}`
    const source = codecFor(cap.dialect).decodeRequest(cap.body)
    const before = factsOf(source)

    it(`${label}: decodes with its tools, texts and tool turns`, () => {
      type RawTool = { type?: string; tools?: RawTool[] }
      const raw = cap.body as { tools?: RawTool[]; input?: unknown }
      // Codex on gpt-6 sends its tools in an `additional_tools` input item, grouped in namespaces.
      const extra = (Array.isArray(raw.input) ? (raw.input as RawTool[]) : [])
        .filter((i) => i.type === 'additional_tools')
        .flatMap((i) => i.tools ?? [])
        .flatMap((t) => (t.type === 'namespace' ? (t.tools ?? []) : [t]))
      const clientTools = [...(raw.tools ?? []), ...extra].filter(
        (t) => t.type === undefined || t.type === 'function' || t.type === 'custom',
      )
      expect(before.toolNames.length).toBe(clientTools.length)
      expect(before.texts.length).toBeGreaterThan(0)
    })

    for (const target of DIALECTS) {
      it(`${label} (${cap.dialect}) → ${target}: nothing the target can carry is lost`, () => {
        const encoded = codecFor(target).encodeRequest(structuredClone(source))
        const back: CanonicalRequest = codecFor(target).decodeRequest({
          ...encoded.body,
          model: source.model,
        })
        const after = factsOf(back)
        expect(missingTexts(before, after)).toEqual([])
        expect(after.toolCalls).toEqual(
          before.toolCalls.map((c) =>
            typeof c.args === 'string' && target !== 'openai-responses'
              ? { name: c.name, args: { input: c.args } }
              : c,
          ),
        )
        expect(after.toolResults.map((r) => r.text.replace(/^\[tool_error\] /, ''))).toEqual(
          before.toolResults.map((r) => r.text),
        )
        expect(after.toolNames).toEqual(before.toolNames)
        expect(after.images).toBe(before.images)
        if (target === cap.dialect) expect(after.reasoning).toEqual(before.reasoning)
        for (const n of encoded.notes) expect(n.message.length).toBeGreaterThan(0)
      })
    }
  }
})
