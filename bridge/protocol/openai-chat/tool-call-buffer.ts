// Reassembles streamed Chat tool calls keyed by `index`, tolerating the deviations real servers send (wire-protocols §3.5).
import { asObj, str } from './read.js'
import type { Obj } from './read.js'
import { parseJson } from '../canonical/read-json.js'

export interface ToolSlot {
  /** Creation order: the k in the deterministic fallback id. */
  ordinal: number
  id: string | undefined
  name: string
  args: string
  /** The upstream sent a native Chat custom tool call (`type:"custom"`): `args` is raw input. */
  nativeCustom: boolean
  /** pending: buffered; live: its block is open; closed: its block was emitted. */
  state: 'pending' | 'live' | 'closed'
  /** A non-empty argument fragment arrived, so the name is complete (llmman's rule). */
  argsStarted: boolean
}

export interface ToolDelta {
  slot: ToolSlot
  /** The argument fragment this delta added ("" when none). */
  args: string
}

export class ToolCallBuffer {
  readonly slots: ToolSlot[] = []
  private readonly byIndex = new Map<number, ToolSlot>()
  /** Set when a call id comes back as a new call: passed on, the client would get two calls with one id. */
  conflict: string | undefined

  apply(raw: unknown): ToolDelta | undefined {
    const tc = asObj(raw)
    if (!tc) return undefined
    const index = typeof tc['index'] === 'number' ? tc['index'] : 0
    const id = str(tc['id']) || undefined
    let slot = this.byIndex.get(index)
    // Gemini/SGLang adapters reuse index 0 for parallel calls; a different id means a different call.
    if (!slot || (id !== undefined && slot.id !== undefined && slot.id !== id)) {
      if (id !== undefined && this.slots.some((s) => s.id === id)) {
        this.conflict ??= `tool call ${id} arrived a second time`
        return undefined
      }
      slot = {
        ordinal: this.slots.length,
        id,
        name: '',
        args: '',
        nativeCustom: false,
        state: 'pending',
        argsStarted: false,
      }
      this.slots.push(slot)
      this.byIndex.set(index, slot)
    } else if (id !== undefined && slot.id === undefined) {
      slot.id = id
    }
    const { name, args } = this.fields(tc, slot)
    if (name) this.addName(slot, name)
    if (args) {
      slot.args += args
      slot.argsStarted = true
    }
    return { slot, args }
  }

  private fields(tc: Obj, slot: ToolSlot): { name: string; args: string } {
    if (tc['type'] === 'custom') slot.nativeCustom = true
    const custom = asObj(tc['custom'])
    if (custom) {
      slot.nativeCustom = true
      return { name: str(custom['name']) ?? '', args: str(custom['input']) ?? '' }
    }
    const fn = asObj(tc['function'])
    return { name: str(fn?.['name']) ?? '', args: str(fn?.['arguments']) ?? '' }
  }

  private addName(slot: ToolSlot, fragment: string): void {
    // Codex concatenates name fragments; some servers repeat the whole name on every delta instead.
    if (slot.state !== 'pending' || fragment === slot.name) return
    slot.name += fragment
  }

  get count(): number {
    return this.slots.length
  }
}

/** Custom tools travel to Chat upstreams as `{"input": raw}`; unwrap when the JSON has that shape. */
export function unwrapCustomInput(args: string): string {
  try {
    const parsed: unknown = parseJson(args)
    const input = asObj(parsed)?.['input']
    if (typeof input === 'string') return input
  } catch {
    // Not the wrapper: the model wrote raw input directly, which is what the client wants anyway.
  }
  return args
}
