// Thread history for GET /v1/threads: recorded turns, newest first, dropped after the provider's idle period.
import { describe, expect, it } from 'vitest'
import { ThreadStore } from '../../../upstream/codex-cli/threads.js'

describe('ThreadStore', () => {
  it('keeps turns in order and forgets threads idle past threadIdleMs', () => {
    let now = 1_000_000
    const store = new ThreadStore(() => now)
    store.record('t1', 'codex', 5_000, 'hello', 'hi there')
    now += 1_000
    store.record('t2', 'codex', 60_000, 'other', 'answer')
    store.record('t1', 'codex', 5_000, 'again', 'sure')
    expect(store.list().map((t) => t.id)).toEqual(['t1', 't2'])
    expect(store.get('t1')?.turns.map((t) => t.text)).toEqual([
      'hello',
      'hi there',
      'again',
      'sure',
    ])
    now += 5_001
    expect(store.get('t1')).toBeUndefined()
    expect(store.list().map((t) => t.id)).toEqual(['t2'])
  })
})

describe('ThreadStore.detail', () => {
  it('hands out a copy: changing it leaves the kept history alone', () => {
    const store = new ThreadStore(() => 1_000)
    store.record('t1', 'codex', 60_000, 'hello', 'hi there')
    const copy = store.detail('t1')
    expect(copy?.turns.map((t) => t.text)).toEqual(['hello', 'hi there'])
    copy?.turns.push({ role: 'user', text: 'injected' })
    if (copy?.turns[0]) copy.turns[0].text = 'changed'
    expect(store.detail('t1')?.turns.map((t) => t.text)).toEqual(['hello', 'hi there'])
    expect(store.detail('missing')).toBeUndefined()
  })
})
