// The `codex exec --json` transport: one process per turn, JSONL events, `exec resume <id>` for later turns.
import { createInterface } from 'node:readline'
import type { CodexEvent, EventSink } from './codex-events.js'
import { isRecord, strField, usageFromCodex } from './codex-events.js'
import type { CodexProcess } from './process.js'
import { parseJson } from '../../protocol/canonical/read-json.js'

/** Arguments after `exec`; the prompt goes on stdin (`-`) so no prompt text is read as a flag. */
export function execArgs(cwd: string, threadId: string | undefined, config: string[]): string[] {
  const common = ['--json', '--skip-git-repo-check', '--cd', cwd, ...config]
  return threadId === undefined
    ? ['exec', ...common, '-']
    : ['exec', ...common, 'resume', threadId, '-']
}

export function runExecTurn(
  proc: CodexProcess,
  prompt: string,
  queue: EventSink<CodexEvent>,
): void {
  proc.child.stdin.end(prompt)
  createInterface({ input: proc.child.stdout }).on('line', (line) => {
    let msg: unknown
    try {
      msg = parseJson(line)
    } catch {
      return
    }
    if (!isRecord(msg)) return
    const type = strField(msg, 'type')
    switch (type) {
      case 'thread.started': {
        const id = strField(msg, 'thread_id')
        if (id !== undefined) queue.push({ kind: 'thread', id })
        return
      }
      case 'item.completed': {
        // Command runs, file changes and Codex's own warnings are operational noise, not the answer.
        const item = msg.item
        const itemId = strField(item, 'id') ?? ''
        const text = strField(item, 'text') ?? ''
        if (strField(item, 'type') === 'agent_message' && text !== '')
          queue.push({ kind: 'text', itemId, delta: text })
        if (strField(item, 'type') === 'reasoning' && text !== '')
          queue.push({ kind: 'reasoning', itemId, delta: text })
        return
      }
      case 'turn.completed': {
        if (isRecord(msg.usage)) queue.push({ kind: 'usage', usage: usageFromCodex(msg.usage) })
        queue.push({ kind: 'done' })
        return
      }
      case 'turn.failed': {
        queue.push({
          kind: 'failed',
          message: `The Codex turn failed: ${strField(msg.error, 'message') ?? 'unknown error'}`,
        })
        return
      }
      case 'error': {
        queue.push({
          kind: 'failed',
          message: `Codex reported an error: ${strField(msg, 'message') ?? 'unknown error'}`,
        })
        return
      }
      default:
        return
    }
  })
}
