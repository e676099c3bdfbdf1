// Shared renderer test setup: DOM cleanup, a recording clipboard, layout sizes for the virtualizer.
import { cleanup, configure, render, type RenderResult } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, vi } from 'vitest'
import { Providers } from '../src/app.js'
import { createFakeClient, type FakeClient, type FakeState } from '../src/test/fake-client.js'

// Testing Library's own switch needs vitest globals, which this project leaves off.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
// findBy/waitFor wait for the page, they do not time it: a loaded machine (jsdom on shared cores) must not fail them.
configure({ asyncUtilTimeout: 5_000 })

export const clipboard = { writes: [] as string[] }

beforeEach(() => {
  clipboard.writes = []
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: vi.fn(async (text: string) => void clipboard.writes.push(text)) },
  })
  // jsdom has no layout; the virtualizer sizes its window from these.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(640)
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000)
  window.location.hash = ''
})

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

export function renderWith(
  ui: ReactNode,
  initial: Partial<FakeState> = {},
): RenderResult & { fake: FakeClient } {
  const fake = createFakeClient(initial)
  return { ...render(<Providers client={fake}>{ui}</Providers>), fake }
}

export function callsOf(fake: FakeClient, method: string): unknown[] {
  return fake.calls.filter((c) => c.method === method).map((c) => c.arg)
}
