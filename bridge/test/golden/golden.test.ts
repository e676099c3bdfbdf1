// Every upstream fixture × every client dialect: identical events at every chunk boundary, stable goldens,
// and the official SDK accepts our stream and accumulates exactly our non-stream answer.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { accumulate } from '../../protocol/canonical/accumulate.js'
import { checkWellFormed } from '../../protocol/canonical/invariants.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import { DIALECTS, type Dialect } from '../../protocol/dialects.js'
import { codecFor } from '../../protocol/registry.js'
import { CHUNK_SIZES } from '../helpers/chunks.js'
import { encoderOptions } from '../helpers/context.js'
import { expectGolden } from '../helpers/golden.js'
import { sdkFinal } from '../helpers/sdk-oracles.js'
import { decodeAt, encodeStream } from '../helpers/translate.js'
import { normalizeFinal } from './normalize.js'

/** The client asked for usage (Chat's include_usage), as the SDK oracle below does. */
const CLIENT_REQUEST: CanonicalRequest = {
  model: 'client-model',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [],
  stream: true,
  includeUsage: true,
  extras: { dialect: 'openai-chat', fields: {} },
}

const HERE = resolve(import.meta.dirname)
const FIXTURES = resolve(HERE, '../fixtures/upstream')

function scenarios(dialect: Dialect): string[] {
  try {
    return readdirSync(join(FIXTURES, dialect)).filter((f) => f.endsWith('.sse')).map((f) => f.slice(0, -4)).sort()
  } catch {
    return []
  }
}

for (const upstream of DIALECTS) {
  describe(`upstream ${upstream}`, () => {
    for (const scenario of scenarios(upstream)) {
      const bytes = new Uint8Array(readFileSync(join(FIXTURES, upstream, `${scenario}.sse`)))
      const events = decodeAt(upstream, bytes)

      it(`${scenario}: decodes identically at every chunk boundary and is well formed`, () => {
        expect(checkWellFormed(events)).toEqual([])
        for (const size of CHUNK_SIZES) expect(decodeAt(upstream, bytes, size)).toEqual(events)
        expectGolden(join(HERE, 'events', upstream, `${scenario}.events.jsonl`), events.map((e) => JSON.stringify(e)).join('\n') + '\n')
      })

      for (const client of DIALECTS) {
        it(`${scenario}: → ${client} stream is accepted by the official SDK and matches the non-stream answer`, async () => {
          const sse = encodeStream(client, events, 'client-model', CLIENT_REQUEST)
          expectGolden(join(HERE, 'stream', `${upstream}--to--${client}`, `${scenario}.sse`), sse)
          const result = accumulate(events)
          if (!result.ok) {
            if (client === 'openai-responses') {
              // openai-node resolves a `response.failed` stream with the failed response instead of throwing.
              const failed = (await sdkFinal(client, sse)) as { status: string; error: { message: string } | null }
              expect(failed.status).toBe('failed')
              expect(failed.error?.message).toContain(result.error.message)
            } else {
              await expect(sdkFinal(client, sse)).rejects.toThrow()
            }
            const envelope = codecFor(client).encodeError(result.error)
            expectGolden(join(HERE, 'response', `${upstream}--to--${client}`, `${scenario}.error.json`), JSON.stringify(envelope, null, 2) + '\n')
            return
          }
          const json = codecFor(client).encodeResponse(result.response, encoderOptions('client-model', CLIENT_REQUEST))
          expectGolden(join(HERE, 'response', `${upstream}--to--${client}`, `${scenario}.json`), JSON.stringify(json, null, 2) + '\n')
          const final = await sdkFinal(client, sse)
          expect(normalizeFinal(client, final)).toEqual(normalizeFinal(client, json))
        })
      }
    }
  })
}
