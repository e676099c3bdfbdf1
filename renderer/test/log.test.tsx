// @vitest-environment jsdom
// Live log page: snapshot + events, pause, filters, clear, detail frames, keyboard selection.
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { act } from 'react'
import { describe, expect, it } from 'vitest'
import type { ExchangeSummary } from '../../bridge/control/contract.js'
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
      fake.emit({ type: 'log:appended', entry: summary('ex-3', 'gpt-5.5-mini', { state: 'active', status: undefined }) })
      fake.emit({ type: 'log:updated', entry: summary('ex-3', 'gpt-5.5-mini', { status: 200, durationMs: 1500 }) })
    })
    await waitFor(() => expect(options()).toHaveLength(3))
    expect(options()[0]?.textContent).toContain('gpt-5.5-mini')
    expect(options()[0]?.textContent).toContain('1.50 s')
    expect(screen.getByText('3 exchanges')).toBeTruthy()
  })

  it('reloads the snapshot when the event stream reopens, so entries made while it was down appear', async () => {
    const { fake } = renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    const first = fake.state.entries[0]
    if (!first) throw new Error('sample entries missing')
    // Made while the stream was disconnected: no event reached the page.
    fake.state.entries.push({ ...structuredClone(first), id: 'missed-1', requestedModel: 'missed-while-down', startedAt: Date.now() })
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
    expect(screen.getByText(/2 events held/)).toBeTruthy()
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
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'error' } })
    await waitFor(() => expect(options()).toHaveLength(1))
    expect(options()[0]?.textContent).toContain('429')
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'all' } })
    fireEvent.change(screen.getByRole('combobox', { name: 'Client dialect' }), { target: { value: 'anthropic-messages' } })
    await waitFor(() => expect(options()).toHaveLength(1))
    expect(options()[0]?.textContent).toContain('claude-sonnet-4-5')
    fireEvent.change(screen.getByRole('combobox', { name: 'Client dialect' }), { target: { value: 'all' } })
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter log' }), { target: { value: 'openrouter' } })
    await waitFor(() => expect(options()).toHaveLength(1))
    expect(options()[0]?.textContent).toContain('qwen3-coder')
  })

  it('clears through the API and empties the list', async () => {
    const { fake } = renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }))
    await waitFor(() => expect(options()).toHaveLength(0))
    expect(callsOf(fake, 'clearLog')).toHaveLength(1)
    expect(screen.getByText(/No requests yet/)).toBeTruthy()
  })

  it('shows a selected exchange with upstream and client frames and their timing', async () => {
    const { fake } = renderWith(<LogPage />)
    await waitFor(() => expect(options()).toHaveLength(2))
    fireEvent.click(options()[1] as HTMLElement)
    const detail = await screen.findByRole('region', { name: 'Exchange detail' })
    expect(callsOf(fake, 'logEntry')).toEqual([{ id: 'ex-1' }])
    const upstream = within(detail).getByRole('region', { name: 'Upstream frames' })
    const client = within(detail).getByRole('region', { name: 'Client frames' })
    expect(within(upstream).getAllByRole('listitem')).toHaveLength(3)
    expect(within(client).getAllByRole('listitem')).toHaveLength(3)
    expect(upstream.textContent).toContain('+412 ms')
    expect(upstream.textContent).toContain('"type": "response.created"')
    expect(client.textContent).toContain('+418 ms')
    expect(within(detail).getByRole('list', { name: 'Notes' }).textContent).toContain('dropped tool web_search')

    act(() => fake.emit({ type: 'log:frame', id: 'ex-1', frame: { t: 990, side: 'client', data: '{"type":"ping"}' } }))
    await waitFor(() => expect(within(client).getAllByRole('listitem')).toHaveLength(4))
    expect(client.textContent).toContain('+990 ms')

    fireEvent.click(within(detail).getByRole('tab', { name: 'Requests' }))
    expect(within(detail).getByRole('region', { name: 'Client request' }).textContent).toContain('"max_tokens": 32000')
    expect(within(detail).getByRole('region', { name: 'Upstream request' }).textContent).toContain('"effort": "high"')
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
