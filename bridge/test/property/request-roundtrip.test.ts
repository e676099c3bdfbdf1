// Property: carryable requests survive A→A round trips and A→B translation for every dialect pair.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import { DIALECTS, type Dialect } from '../../protocol/dialects.js'
import { codecFor } from '../../protocol/registry.js'
import { requestArb } from './arbitraries/requests.js'
import { callIds, isPortableId, pairingProblems, view } from './request-carried.js'

/** PROPERTY_RUNS raises the count for a long hunt; the default keeps the file fast. */
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 60)

/** What a client of `dialect` would send for `req`, read back by that dialect's decoder. */
function through(dialect: Dialect, req: CanonicalRequest): CanonicalRequest {
  const { body } = codecFor(dialect).encodeRequest(req)
  // The body crosses the wire as JSON: anything JSON cannot hold must not matter.
  return codecFor(dialect).decodeRequest(JSON.parse(JSON.stringify(body)))
}

/** Multi-part tool results may be joined by a blank line (Chat) or a newline (Responses). */
function expectSameView(after: CanonicalRequest, before: CanonicalRequest): void {
  const got = view(after)
  const candidates = [view(before, '\n\n'), view(before, '\n')]
  const match = candidates.find((c) => JSON.stringify(c) === JSON.stringify(got))
  if (!match) expect(got).toEqual(candidates[0])
}

function expectIdsKept(after: CanonicalRequest, before: CanonicalRequest): void {
  expect(pairingProblems(after)).toEqual([])
  const was = callIds(before)
  const now = callIds(after)
  expect(now).toHaveLength(was.length)
  expect(new Set(now).size).toBe(now.length)
  was.forEach((id, i) => {
    if (isPortableId(id)) expect(now[i]).toBe(id)
  })
}

describe('canonical request → dialect A → A (round trip) → B', () => {
  it('the generated requests are well paired', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        expect(pairingProblems(req)).toEqual([])
      }),
      { numRuns: RUNS },
    )
  })

  for (const a of DIALECTS) {
    it(`${a} round trip keeps every piece, and ${a} → every dialect keeps texts, calls, results and pairing`, () => {
      fc.assert(
        fc.property(requestArb, (req) => {
          const back = through(a, req)
          expectSameView(back, req)
          expectIdsKept(back, req)
          for (const b of DIALECTS) {
            const translated = through(b, back)
            expectSameView(translated, req)
            expectIdsKept(translated, req)
          }
        }),
        { numRuns: RUNS },
      )
    })
  }
})
