// Plays a scripted SSE stream or JSON answer through the fault scenarios (slow, stall, drop, …).
import type { OutgoingHttpHeaders } from 'node:http'
import { sendJson, sleep } from './http-harness.js'
import type { Exchange } from './http-harness.js'
import type { Scenario } from './scenario.js'

export interface Frame {
  /** Exact bytes of one SSE frame, blank line included. */
  text: string
  /** A content delta (text, reasoning or tool arguments): faults fire around the first one. */
  delta?: boolean
  /** The stream's terminal frame, left out by the `no-terminal` scenario. */
  terminal?: boolean
}

export interface StreamScript {
  frames: Frame[]
  /** What the dialect sends instead of the rest of the stream on a mid-stream failure. */
  errorFrames: string[]
  /** A frame whose `data:` line is not valid JSON. */
  badJsonFrame: string
}

export const SSE_HEADERS: OutgoingHttpHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
}

export async function playStream(
  ex: Exchange,
  script: StreamScript,
  scenario: Scenario,
  headers: OutgoingHttpHeaders,
): Promise<void> {
  const frames = scenario.noTerminal ? script.frames.filter((f) => !f.terminal) : script.frames
  const firstDelta = frames.findIndex((f) => f.delta === true)
  ex.res.writeHead(200, { ...SSE_HEADERS, ...headers })
  ex.res.flushHeaders()
  if (scenario.leadMs !== undefined) await sleep(scenario.leadMs, ex.untilClientGone)
  for (const [i, frame] of frames.entries()) {
    if (ex.clientGone()) return
    if ((scenario.stall && i === firstDelta) || (scenario.hangAfterFirst && i === 1)) {
      await ex.untilClientGone
      return
    }
    if (scenario.slowMs !== undefined && i > 0) await sleep(scenario.slowMs, ex.untilClientGone)
    if (ex.clientGone()) return
    if (i !== firstDelta) {
      await write(ex, frame.text)
      continue
    }
    if (scenario.drop) {
      await flush(ex, frame.text)
      ex.drop()
      return
    }
    await write(ex, frame.text)
    if (scenario.midstreamError) {
      for (const text of script.errorFrames) await write(ex, text)
      ex.res.end()
      return
    }
    if (scenario.badJson) await write(ex, script.badJsonFrame)
  }
  ex.res.end()
}

/** A JSON answer under the same scenarios: stall never answers, drop hangs up, bad-json truncates. */
export async function playJson(
  ex: Exchange,
  body: unknown,
  scenario: Scenario,
  headers: OutgoingHttpHeaders,
  failure: () => void,
): Promise<void> {
  if (scenario.stall) {
    await ex.untilClientGone
    return
  }
  if (scenario.slowMs !== undefined) await sleep(scenario.slowMs, ex.untilClientGone)
  if (ex.clientGone()) return
  if (scenario.drop) {
    ex.drop()
    return
  }
  if (scenario.midstreamError) {
    failure()
    return
  }
  if (scenario.badJson) {
    const text = JSON.stringify(body).slice(0, 40)
    ex.res.writeHead(200, { 'content-type': 'application/json', ...headers })
    ex.res.end(text)
    return
  }
  sendJson(ex.res, 200, body, headers)
}

/** Writes one frame, waiting only when the socket pushes back. */
function write(ex: Exchange, text: string): Promise<void> {
  ex.record.firstFrameAt ??= process.hrtime.bigint()
  ex.record.framesWritten = (ex.record.framesWritten ?? 0) + 1
  if (ex.res.write(text)) return Promise.resolve()
  return new Promise<void>((resolve) => {
    const done = (): void => {
      ex.res.off('drain', done)
      resolve()
    }
    ex.res.once('drain', done)
    void ex.untilClientGone.then(done)
  })
}

/** Writes one frame and waits until it has left the process, so a following destroy cannot eat it. */
function flush(ex: Exchange, text: string): Promise<void> {
  ex.record.firstFrameAt ??= process.hrtime.bigint()
  ex.record.framesWritten = (ex.record.framesWritten ?? 0) + 1
  return new Promise<void>((resolve) => {
    ex.res.write(text, () => resolve())
    void ex.untilClientGone.then(() => resolve())
  })
}
