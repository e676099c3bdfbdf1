// The `codex app-server` transport: JSON-RPC over stdio — initialize, start or resume the thread, run one turn.
import { createInterface } from 'node:readline'
import type { Usage } from '../../protocol/canonical/usage.js'
import { mergeUsage, ZERO_USAGE } from '../../protocol/canonical/usage.js'
import { isRecord, strField, usageFromCodex } from './codex-events.js'
import type { CodexEvent, EventSink } from './codex-events.js'
import type { CodexProcess } from './process.js'
import { parseJson } from '../../protocol/canonical/read-json.js'

export interface TurnInput {
  cwd: string
  sandbox: string
  model: string
  effort: string | undefined
  prompt: string
  threadId: string | undefined
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void }

/** A JSON-RPC peer on a Codex app-server process; notifications go to `onNotification`. */
export class RpcPeer {
  private nextId = 0
  private readonly pending = new Map<number, Pending>()
  onNotification: (method: string, params: Record<string, unknown>) => void = () => undefined

  constructor(private readonly proc: CodexProcess) {
    createInterface({ input: proc.child.stdout }).on('line', (line) => this.receive(line))
    void proc.exited.then(() => {
      for (const p of this.pending.values()) p.reject(new Error('the Codex app-server exited'))
      this.pending.clear()
    })
  }

  call(method: string, params: unknown): Promise<unknown> {
    const id = ++this.nextId
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.send({ id, method, params })
    })
  }

  notify(method: string): void {
    this.send({ method })
  }

  private send(msg: unknown): void {
    if (!this.proc.child.stdin.writable) return
    this.proc.child.stdin.write(`${JSON.stringify(msg)}\n`)
  }

  private receive(line: string): void {
    let msg: unknown
    try {
      msg = parseJson(line)
    } catch {
      return
    }
    if (!isRecord(msg)) return
    const id = msg.id
    const method = strField(msg, 'method')
    if (method !== undefined && (typeof id === 'number' || typeof id === 'string')) {
      // Approval is "never", so a server request is unexpected: refuse it rather than leave the turn waiting.
      this.send({
        id,
        error: { code: -32601, message: 'Switchboard does not answer Codex requests.' },
      })
      return
    }
    if (method !== undefined) {
      this.onNotification(method, isRecord(msg.params) ? msg.params : {})
      return
    }
    if (typeof id !== 'number') return
    const p = this.pending.get(id)
    if (!p) return
    this.pending.delete(id)
    if (isRecord(msg.error)) p.reject(new Error(strField(msg.error, 'message') ?? 'JSON-RPC error'))
    else p.resolve(msg.result)
  }
}

export async function initialize(peer: RpcPeer): Promise<void> {
  await peer.call('initialize', {
    clientInfo: { name: 'switchboard', title: 'Switchboard', version: '1' },
    capabilities: null,
  })
  peer.notify('initialized')
}

/**
 * Drives one turn; everything is reported through `queue`. Failures before the thread exists are reported
 * as `unavailable` (the caller may fall back to `codex exec`) unless the thread id was unknown to Codex.
 */
export async function runAppServerTurn(
  proc: CodexProcess,
  input: TurnInput,
  queue: EventSink<CodexEvent | { kind: 'unavailable'; message: string }>,
): Promise<void> {
  const peer = new RpcPeer(proc)
  let threadId: string | undefined
  let turnId: string | undefined
  let usage: Usage = ZERO_USAGE
  let sawUsage = false
  const streamed = new Set<string>()
  const summaryParts = new Set<string>()
  peer.onNotification = (method, p) => {
    if (
      threadId !== undefined &&
      strField(p, 'threadId') !== undefined &&
      strField(p, 'threadId') !== threadId
    )
      return
    switch (method) {
      case 'item/agentMessage/delta': {
        const itemId = strField(p, 'itemId') ?? ''
        streamed.add(itemId)
        queue.push({ kind: 'text', itemId, delta: strField(p, 'delta') ?? '' })
        return
      }
      case 'item/reasoning/summaryPartAdded': {
        const itemId = strField(p, 'itemId') ?? ''
        if (summaryParts.has(itemId)) queue.push({ kind: 'reasoning', itemId, delta: '\n\n' })
        summaryParts.add(itemId)
        return
      }
      case 'item/reasoning/summaryTextDelta':
      case 'item/reasoning/textDelta': {
        const itemId = strField(p, 'itemId') ?? ''
        streamed.add(itemId)
        queue.push({ kind: 'reasoning', itemId, delta: strField(p, 'delta') ?? '' })
        return
      }
      case 'item/completed': {
        // An agent message that arrived whole, without deltas, still belongs to the answer.
        const item = p.item
        const itemId = strField(item, 'id') ?? ''
        if (strField(item, 'type') === 'agentMessage' && !streamed.has(itemId)) {
          const text = strField(item, 'text') ?? ''
          if (text !== '') queue.push({ kind: 'text', itemId, delta: text })
        }
        return
      }
      case 'thread/tokenUsage/updated': {
        const last = isRecord(p.tokenUsage) ? p.tokenUsage.last : undefined
        if (!isRecord(last)) return
        const u = usageFromCodex(last)
        usage = mergeUsage(usage, {
          inputTokens: usage.inputTokens + (u.inputTokens ?? 0),
          cachedInputTokens: usage.cachedInputTokens + (u.cachedInputTokens ?? 0),
          cacheWriteTokens: usage.cacheWriteTokens + (u.cacheWriteTokens ?? 0),
          outputTokens: usage.outputTokens + (u.outputTokens ?? 0),
          reasoningTokens: usage.reasoningTokens + (u.reasoningTokens ?? 0),
        })
        sawUsage = true
        return
      }
      case 'error': {
        if (p.willRetry === true) return
        queue.push({
          kind: 'failed',
          message: `Codex reported an error: ${strField(p.error, 'message') ?? 'unknown error'}`,
        })
        return
      }
      case 'turn/completed': {
        const turn = p.turn
        if (turnId !== undefined && strField(turn, 'id') !== turnId) return
        const status = strField(turn, 'status')
        if (sawUsage) queue.push({ kind: 'usage', usage })
        if (status === 'completed') queue.push({ kind: 'done' })
        else {
          const err =
            isRecord(turn) && isRecord(turn.error) ? strField(turn.error, 'message') : undefined
          queue.push({
            kind: 'failed',
            message: `The Codex turn ended as "${status ?? 'unknown'}"${err ? `: ${err}` : '.'}`,
          })
        }
        return
      }
      default:
        return
    }
  }

  try {
    await initialize(peer)
  } catch (err) {
    queue.push({
      kind: 'unavailable',
      message:
        `codex app-server did not start: ${(err as Error).message}. ${proc.stderrTail()}`.trim(),
    })
    return
  }
  const common = {
    cwd: input.cwd,
    approvalPolicy: 'never',
    sandbox: input.sandbox,
    ...(input.model === '' ? {} : { model: input.model }),
  }
  try {
    const started =
      input.threadId === undefined
        ? await peer.call('thread/start', common)
        : await peer.call('thread/resume', { threadId: input.threadId, ...common })
    threadId = strField(isRecord(started) ? started.thread : undefined, 'id')
  } catch (err) {
    const message = (err as Error).message
    if (input.threadId !== undefined)
      queue.push({
        kind: 'failed',
        status: 404,
        message: `Codex could not resume thread "${input.threadId}": ${message}`,
      })
    else
      queue.push({
        kind: 'unavailable',
        message: `codex app-server could not start a thread: ${message}`,
      })
    return
  }
  if (threadId === undefined) {
    queue.push({ kind: 'unavailable', message: 'codex app-server returned no thread id.' })
    return
  }
  queue.push({ kind: 'thread', id: threadId })
  try {
    const res = await peer.call('turn/start', {
      threadId,
      input: [{ type: 'text', text: input.prompt, text_elements: [] }],
      approvalPolicy: 'never',
      ...(input.effort === undefined ? {} : { effort: input.effort }),
    })
    turnId = strField(isRecord(res) ? res.turn : undefined, 'id')
  } catch (err) {
    queue.push({ kind: 'failed', message: `Codex refused the turn: ${(err as Error).message}` })
  }
}

/** Asks a running app-server for its models (`model/list`, every page). */
export async function listModels(proc: CodexProcess): Promise<string[]> {
  const peer = new RpcPeer(proc)
  await initialize(peer)
  const out: string[] = []
  let cursor: string | null = null
  for (let page = 0; page < 20; page++) {
    const res = await peer.call('model/list', { cursor, includeHidden: false })
    if (!isRecord(res) || !Array.isArray(res.data)) break
    for (const m of res.data) {
      const id = strField(m, 'model') ?? strField(m, 'id')
      if (id !== undefined) out.push(id)
    }
    cursor = strField(res, 'nextCursor') ?? null
    if (cursor === null) break
  }
  return out
}
