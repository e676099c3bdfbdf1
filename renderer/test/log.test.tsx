// @vitest-environment jsdom
// Live log page: snapshot + events, pause, filters, clear, detail frames, keyboard selection.
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { act } from 'react'
import { describe, expect, it } from 'vitest'
import type { ExchangeSummary } from '../../bridge/control/contract/exchange.js'
import { LogPage } from '../src/log/log-page.js'
import { callsOf, renderWith } from './helpers.js'

function summary(id: string, model: string, extra: Partial<ExchangeSummary> = {}): ExchangeSummary {
  return {
    id,
    startedAt: Date.now(),
    method: 'POST',
    path: '/v1/responses',
    clientDialect: 'openai-responses',
    requestedModel: model,
    routedModel: model,
    provider: 'chatgpt',
    stream: true,
    notes: [],
    state: 'done',
    status: 200,
    frameCount: 0,
    frameBytes: 0,
    framesDropped: 0,
    ...extra,
  }
}

const options = () => screen.queryAllByRole('option').filter((el) => el.id.startsWith('log-row-'))

describe('Live log', () => {
  it('renders the snapshot newest first, then appended and updated events', async () => {
    const { fake } = renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    expect(options()[0]?.textContent).toContain('qwen3-coder')
    expect(options()[1]?.textContent).toContain('claude-sonnet-4-5')

    act(() => {
      fake.emit({
        type: 'log:appended',
        entry: summary('ex-3', 'gpt-5.5-mini', { state: 'active', status: undefined }),
      })
      fake.emit({
        type: 'log:updated',
        entry: summary('ex-3', 'gpt-5.5-mini', { status: 200, durationMs: 1500 }),
      })
    })
    await waitFor(() => expect(options()).toHaveLength(3))
    expect(options()[0]?.textContent).toContain('gpt-5.5-mini')
    expect(options()[0]?.textContent).toContain('1.50 s')
    expect(screen.getByText('3 exchanges')).toBeTruthy()
  })

  it('reuses the row elements when new rows arrive on top: each shows the entry now at its place', async () => {
    const { fake } = renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    const before = options()
    act(() => {
      fake.emit({ type: 'log:appended', entry: summary('ex-new', 'newest-model') })
    })
    await waitFor(() => expect(options()).toHaveLength(3))
    const after = options()
    // Built again for every batch, 40 visible rows at 1,000 exchanges a second made long tasks.
    expect(after[0]).toBe(before[0])
    expect(after[1]).toBe(before[1])
    expect(after[0]?.id).toBe('log-row-ex-new')
    expect(after[0]?.textContent).toContain('newest-model')
    expect(after[1]?.textContent).toContain('qwen3-coder')
    expect(after[2]?.textContent).toContain('claude-sonnet-4-5')
  })

  it('reloads the snapshot when the event stream reopens, so entries made while it was down appear', async () => {
    const { fake } = renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    const first = fake.state.entries[0]
    if (!first) throw new Error('sample entries missing')
    // Made while the stream was disconnected: no event reached the page.
    fake.state.entries.push({
      ...structuredClone(first),
      id: 'missed-1',
      requestedModel: 'missed-while-down',
      startedAt: Date.now(),
    })
    expect(options()).toHaveLength(2)
    act(() => fake.reopen())
    await waitFor(() => expect(options()).toHaveLength(3))
    expect(options()[0]?.textContent).toContain('missed-while-down')
  })

  it('counts one exchange in the singular', async () => {
    const { fake } = renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    fake.state.entries.splice(1)
    act(() => fake.reopen())
    await waitFor(() => expect(screen.getByText('1 exchange')).toBeTruthy())
  })

  it('holds events while paused, counts them, and applies them on resume', async () => {
    const { fake } = renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }))
    act(() => {
      fake.emit({ type: 'log:appended', entry: summary('p-1', 'paused-model-a') })
      fake.emit({ type: 'log:appended', entry: summary('p-2', 'paused-model-b') })
    })
    const resume = await screen.findByRole('button', { name: 'Resume (2 new)' })
    expect(screen.getByText(/2 new requests held/)).toBeTruthy()
    // Give the scheduler every chance to (wrongly) apply them.
    await new Promise((r) => setTimeout(r, 300))
    expect(options()).toHaveLength(2)

    fireEvent.click(resume)
    await waitFor(() => expect(options()).toHaveLength(4))
    expect(options()[0]?.textContent).toContain('paused-model-b')
  })

  it('filters by text, status and dialect', async () => {
    renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), {
      target: { value: 'error' },
    })
    await waitFor(() => expect(options()).toHaveLength(1))
    expect(options()[0]?.textContent).toContain('429')
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'all' } })
    fireEvent.change(screen.getByRole('combobox', { name: 'Client dialect' }), {
      target: { value: 'anthropic-messages' },
    })
    await waitFor(() => expect(options()).toHaveLength(1))
    expect(options()[0]?.textContent).toContain('claude-sonnet-4-5')
    fireEvent.change(screen.getByRole('combobox', { name: 'Client dialect' }), {
      target: { value: 'all' },
    })
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter log' }), {
      target: { value: 'openrouter' },
    })
    await waitFor(() => expect(options()).toHaveLength(1))
    expect(options()[0]?.textContent).toContain('qwen3-coder')
  })

  it('clears through the API and empties the list', async () => {
    const { fake } = renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }))
    // It asks first: nothing is cleared by one click.
    await new Promise((r) => setTimeout(r, 50))
    expect(callsOf(fake, 'clearLog')).toHaveLength(0)
    fireEvent.click(screen.getByRole('button', { name: 'Clear every entry?' }))
    await waitFor(() => expect(options()).toHaveLength(0))
    expect(callsOf(fake, 'clearLog')).toHaveLength(1)
    expect(screen.getByText(/No requests yet/)).toBeTruthy()
  })

  it('shows a selected exchange: one line per frame on one timeline, expandable to JSON, searchable', async () => {
    const { fake } = renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    fireEvent.click(options()[1] as HTMLElement)
    const detail = await screen.findByRole('region', { name: 'Exchange detail' })
    expect(callsOf(fake, 'logEntry')).toEqual([{ id: 'ex-1' }])
    const lines = () =>
      within(within(detail).getByRole('list', { name: 'Frames in time order' })).getAllByRole(
        'listitem',
      )
    expect(lines()).toHaveLength(8)
    expect(lines()[0]?.textContent).toContain('+412 ms')
    expect(lines()[0]?.textContent).toContain('response.created')
    expect(lines()[2]?.textContent).toContain('Here are')
    // Tool arguments are previewed like text.
    expect(lines()[5]?.textContent).toContain('{"path":"src/"}')
    expect(within(detail).getByRole('list', { name: 'Notes' }).textContent).toContain(
      'dropped tool web_search',
    )

    fireEvent.click(within(lines()[0] as HTMLElement).getByRole('button'))
    expect(lines()[0]?.textContent).toContain('"status": "in_progress"')

    act(() =>
      fake.emit({
        type: 'log:frames',
        id: 'ex-1',
        frames: [
          { t: 990, side: 'client', bytes: 15, event: 'ping', data: '{"type":"ping"}' },
          { t: 991, side: 'client', bytes: 17, event: 'pong', data: '{"type":"pong"}' },
        ],
      }),
    )
    // One event carries the frames recorded together; each shows as its own line with its own time.
    await waitFor(() => expect(lines()).toHaveLength(10))
    expect(lines()[8]?.textContent).toContain('+990 ms')
    expect(lines()[9]?.textContent).toContain('+991 ms')
    expect(lines()[9]?.textContent).toContain('pong')

    fireEvent.change(within(detail).getByRole('searchbox', { name: 'Search frames' }), {
      target: { value: 'delta' },
    })
    await waitFor(() => expect(lines()).toHaveLength(4))

    fireEvent.click(within(detail).getByRole('tab', { name: 'Requests' }))
    expect(within(detail).getByRole('region', { name: 'Client request' }).textContent).toContain(
      '"max_tokens": 32000',
    )
    expect(within(detail).getByRole('region', { name: 'Upstream request' }).textContent).toContain(
      '"effort": "high"',
    )

    fireEvent.click(within(detail).getByRole('tab', { name: 'Headers' }))
    expect(
      within(detail).getByRole('region', { name: 'Upstream request headers' }).textContent,
    ).toContain('openai-beta')
    expect(
      within(detail).getByRole('region', { name: 'Upstream response headers' }).textContent,
    ).toContain('x-codex-primary-used-percent')

    fireEvent.click(within(detail).getByRole('tab', { name: 'Timing' }))
    const timing = within(detail).getByRole('region', { name: 'Timing' })
    expect(timing.textContent).toContain('upstream first byte +412 ms')
    expect(timing.textContent).toContain("Switchboard's own share: 12 ms")
  })

  it('says when body capture kept only frame metadata, and that passthrough clients got the same frames', async () => {
    const { fake } = renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    const first = fake.state.entries[0]
    if (!first) throw new Error('sample entries missing')
    first.passthrough = true
    first.frames = first.frames
      .filter((f) => f.side === 'upstream')
      .map(({ data: _d, ...meta }) => meta)
    fireEvent.click(options()[1] as HTMLElement)
    const detail = await screen.findByRole('region', { name: 'Exchange detail' })
    expect(detail.textContent).toContain('Body capture is off')
    expect(detail.textContent).toContain('the client received the same frames (passthrough)')
    expect(detail.textContent).not.toContain('No frames')
  })

  it('rows say what happened: badges, the upstream error, cached tokens, and — for unknown usage', async () => {
    renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    const [failed, ok] = options()
    expect(failed?.textContent).toContain('Rate limit reached for requests')
    expect(failed?.textContent).toContain('—')
    expect(ok?.textContent).toContain('stream')
    expect(ok?.textContent).toContain('tool')
    expect(ok?.textContent).toContain('1.8k (1.0k cached) → 212')
  })

  it('searches with field filters, asks the gateway about bodies, and keys: / j k Esc', async () => {
    const { fake } = renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    const box = screen.getByRole('searchbox', { name: 'Filter log' })
    fireEvent.keyDown(document.body, { key: '/' })
    expect(document.activeElement).toBe(box)
    fireEvent.change(box, { target: { value: 'status:4xx provider:openrouter' } })
    await waitFor(() => expect(options()).toHaveLength(1))
    expect(screen.getByText('1 of 2')).toBeTruthy()
    fireEvent.change(box, { target: { value: 'List the files' } })
    await waitFor(() => expect(callsOf(fake, 'logSearch')).toEqual([{ text: 'list the files' }]))
    await waitFor(() => expect(options()).toHaveLength(1))
    expect(options()[0]?.textContent).toContain('claude-sonnet-4-5')
    fireEvent.change(box, { target: { value: '' } })
    await waitFor(() => expect(options()).toHaveLength(2))
    ;(document.activeElement as HTMLElement).blur()
    fireEvent.keyDown(document.body, { key: 'j' })
    await screen.findByRole('region', { name: 'Exchange detail' })
    fireEvent.keyDown(document.body, { key: 'j' })
    await waitFor(() => expect(callsOf(fake, 'logEntry').at(-1)).toEqual({ id: 'ex-1' }))
    fireEvent.keyDown(document.body, { key: 'k' })
    await waitFor(() => expect(callsOf(fake, 'logEntry').at(-1)).toEqual({ id: 'ex-2' }))
    fireEvent.keyDown(document.body, { key: 'Escape' })
    await waitFor(() =>
      expect(screen.queryByRole('region', { name: 'Exchange detail' })).toBeNull(),
    )
  })

  it('moves the selection with the arrow keys', async () => {
    renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    const list = screen.getByRole('listbox', { name: 'Exchanges, newest first' })
    fireEvent.keyDown(list, { key: 'ArrowDown' })
    await waitFor(() => expect(list.getAttribute('aria-activedescendant')).toBe('log-row-ex-2'))
    fireEvent.keyDown(list, { key: 'End' })
    await waitFor(() => expect(list.getAttribute('aria-activedescendant')).toBe('log-row-ex-1'))
    expect(await screen.findByRole('region', { name: 'Exchange detail' })).toBeTruthy()
  })
})
