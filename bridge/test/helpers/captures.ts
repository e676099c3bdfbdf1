// The client request recordings copied into bridge/test/fixtures/captures: one reader for every test that uses them.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { JsonObject } from '../../protocol/canonical/json.js'

/** Lives inside the repository so that a plain clone passes `npm test` (see the folder's README). */
export const CAPTURES_DIR = resolve(import.meta.dirname, '../fixtures/captures')

export interface CapturedRequest {
  run: string
  seq: number
  method: string
  path: string
  /** Header names lower-cased; the recordings keep wire order and case in `raw_headers`. */
  headers: Record<string, string>
  /** The parsed JSON body, or null for requests without one (HEAD probes). */
  body: JsonObject | null
}

interface RawLine {
  seq: number
  method: string
  path: string
  raw_headers: [string, string][]
  body: unknown
}

/** Every request of one recorded run, in the order the client sent them. */
export function captureRun(run: string): CapturedRequest[] {
  const text = readFileSync(join(CAPTURES_DIR, run, 'requests.jsonl'), 'utf8')
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const r = JSON.parse(l) as RawLine
      const body = typeof r.body === 'object' && r.body !== null && !Array.isArray(r.body)
      return {
        run,
        seq: r.seq,
        method: r.method,
        path: r.path,
        headers: Object.fromEntries(r.raw_headers.map(([k, v]) => [k.toLowerCase(), v])),
        body: body ? (r.body as JsonObject) : null,
      }
    })
}

/** The JSON bodies of one run's requests that have one. */
export function captureBodies(run: string): JsonObject[] {
  return captureRun(run).flatMap((r) => (r.body ? [r.body] : []))
}

/** One request of a run by its sequence number. */
export function captureRequest(run: string, seq: number): CapturedRequest & { body: JsonObject } {
  const found = captureRun(run).find((r) => r.seq === seq)
  if (!found?.body) throw new Error(`no request ${String(seq)} with a body in ${run}`)
  return { ...found, body: found.body }
}

/** Every POST with a JSON body across all runs, runs in name order. */
export function allCapturedPosts(): (CapturedRequest & { body: JsonObject })[] {
  return readdirSync(CAPTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((run) => captureRun(run))
    .flatMap((r) => (r.method === 'POST' && r.body ? [{ ...r, body: r.body }] : []))
}
