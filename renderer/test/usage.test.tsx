// @vitest-environment jsdom
// The Usage page: the history from the control API drawn as stacked SVG bars per day and provider, spend
// against the caps, and totals per provider × account × model.
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Settings } from '../../bridge/config/schema.js'
import { LogPage } from '../src/log/log-page.js'
import { ProvidersPage } from '../src/pages/providers-page.js'
import { UsagePage } from '../src/pages/usage-page.js'
import { tokensPerDay } from '../src/pages/usage-data.js'
import { sampleEntries, sampleUsage } from '../src/test/fixtures.js'
import { callsOf, renderWith } from './helpers.js'

describe('Usage page', () => {
  it('draws one bar per day and provider, sized by that day’s tokens', async () => {
    const { container } = renderWith(<UsagePage />)
    await screen.findByRole('heading', { name: 'Tokens per day' })
    // The chart's module loads with the page (a lazy chunk): the first import takes a while.
    await waitFor(() => expect(container.querySelector('figure.usage-chart svg')).not.toBeNull(), {
      timeout: 15_000,
    })
    // Two providers → two bar series; each draws a rectangle for each day it has tokens on.
    const series = await waitFor(() => {
      const found = container.querySelectorAll('.recharts-bar')
      expect(found).toHaveLength(2)
      return found
    })
    const heights = [...series].map((s) =>
      [...s.querySelectorAll('path.recharts-rectangle')].map((r) =>
        Number(r.getAttribute('height')),
      ),
    )
    // chatgpt has tokens on 3 days, openrouter on 2 (sampleUsage); a bigger day is a taller bar.
    expect(heights[0]).toHaveLength(3)
    expect(heights[1]).toHaveLength(2)
    const [d2, d1, d0] = heights[0] ?? []
    expect(d1).toBeGreaterThan(d2 ?? 0)
    expect(d1).toBeGreaterThan(d0 ?? 0)
    expect(screen.getByText('chatgpt', { selector: '.recharts-legend-item-text' })).toBeTruthy()
    expect(screen.getByText('openrouter', { selector: '.recharts-legend-item-text' })).toBeTruthy()
  })

  it('shows spend against caps and per-model totals, and asks again for another period', async () => {
    const { fake } = renderWith(<UsagePage />)
    const spend = await screen.findByRole('heading', { name: 'Spend' })
    const card = spend.closest('section') as HTMLElement
    expect(within(card).getByText('$0.19 of $5.00')).toBeTruthy()
    expect(within(card).getByText('$0.42 of $40.00')).toBeTruthy()
    expect(within(card).getByText('gpt-5.5')).toBeTruthy()
    const daily = within(card).getByRole('progressbar', {
      name: 'openrouter daily spending cap used',
    })
    expect(Number(daily.getAttribute('value'))).toBeCloseTo(3.8, 1)

    const models = (await screen.findByRole('heading', { name: 'By model' })).closest(
      'section',
    ) as HTMLElement
    const rows = within(models).getAllByRole('row').slice(1)
    expect(rows.map((r) => r.textContent)).toEqual([
      'chatgptacct-workgpt-5.5510.0k255.0k35.0k8.8k',
      'openrouter—anthropic/claude-sonnet-4-5115.0k57.5k8.0k2.0k',
    ])
    expect(callsOf(fake, 'usageHistory')).toEqual([{ days: 30 }])
    fireEvent.change(screen.getByRole('combobox'), { target: { value: '7' } })
    await waitFor(() => expect(callsOf(fake, 'usageHistory')).toEqual([{ days: 30 }, { days: 7 }]))
  })

  it('says so when the gateway keeps no history', async () => {
    renderWith(<UsagePage />, { usage: { available: false, rows: [], spend: [] } })
    expect(await screen.findByText('No usage history')).toBeTruthy()
    expect(screen.getByText('No usage recorded in this period.')).toBeTruthy()
  })

  it('fills days without usage with zeros', () => {
    const now = Date.now()
    const { points, providers } = tokensPerDay(sampleUsage(now).rows, 5, now)
    expect(providers).toEqual(['chatgpt', 'openrouter'])
    expect(points).toHaveLength(5)
    expect(points[0]).toMatchObject({ chatgpt: 0, openrouter: 0 })
    expect(points[4]).toMatchObject({ chatgpt: 96_000, openrouter: 80_000 })
  })
})

describe('fallback in the live log', () => {
  it('badges an exchange a fallback served, naming who served and why the others were skipped', async () => {
    const entries = sampleEntries()
    const [served] = entries
    if (!served) throw new Error('no sample entry')
    served.provider = 'openrouter'
    served.fallback = [
      {
        provider: 'chatgpt',
        reason: 'usage_limit',
        message: 'every account is at its usage limit',
      },
    ]
    renderWith(<LogPage />, { entries })
    const badge = await screen.findByText('fallback', { selector: '.tag' })
    expect(badge.getAttribute('title')).toBe(
      'Served by openrouter after:\nchatgpt: every account is at its usage limit',
    )
    expect(screen.getAllByText('fallback', { selector: '.tag' })).toHaveLength(1)
  })
})

describe('fallback and spending on the provider form', () => {
  it('saves a fallback list, a daily cap and prices filled from the built-in list', async () => {
    const { fake } = renderWith(<ProvidersPage />)
    fireEvent.click(await screen.findByRole('button', { name: /^chatgpt/ }))
    fireEvent.change(screen.getByRole('combobox', { name: 'Add a fallback provider' }), {
      target: { value: 'openrouter' },
    })
    fireEvent.click(screen.getByRole('button', { name: /^openrouter/ }))
    fireEvent.change(screen.getByLabelText('Daily cap (USD)'), { target: { value: '5' } })
    fireEvent.change(screen.getByLabelText('Fill the prices from a built-in list price'), {
      target: { value: 'claude-sonnet-4' },
    })
    expect(
      (screen.getByLabelText('Output price (USD per million tokens)') as HTMLInputElement).value,
    ).toBe('15')
    fireEvent.change(screen.getByLabelText('Cached input price (USD per million tokens)'), {
      target: { value: '0.25' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(callsOf(fake, 'updateSettings')).toHaveLength(1))
    const [saved] = callsOf(fake, 'updateSettings') as Settings[]
    expect(saved?.providers.find((p) => p.id === 'chatgpt')?.fallback).toEqual(['openrouter'])
    const openrouter = saved?.providers.find((p) => p.id === 'openrouter')
    expect(openrouter?.spendCap).toEqual({ dailyUsd: 5 })
    expect(openrouter?.prices).toEqual({ input: 3, cachedInput: 0.25, output: 15 })
  })
})
