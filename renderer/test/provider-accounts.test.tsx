// @vitest-environment jsdom
// The chatgpt provider's accounts (switch point, order of the pool, reserve), its fallback picked from the other
// providers with the gateway's refusal shown at the field, and prices and caps that never lose what was typed.
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Settings } from '../../bridge/config/schema.js'
import { ProvidersPage } from '../src/pages/providers-page.js'
import { samplePool, sampleSettings } from '../src/test/fixtures.js'
import { callsOf, renderWith } from './helpers.js'

const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save' }))
const fieldOf = (label: string) => screen.getByText(label, { selector: 'label' }).closest('.field')!

describe('the chatgpt provider’s accounts', () => {
  it('sets the switch point, reorders the pool and picks a reserve; the save carries exactly that', async () => {
    const { fake } = renderWith(<ProvidersPage />, { auth: samplePool() })
    fireEvent.click(await screen.findByRole('button', { name: /^chatgpt/ }))
    const switchAt = screen.getByLabelText('Switch at') as HTMLInputElement
    expect(switchAt.placeholder).toBe('95')
    fireEvent.change(switchAt, { target: { value: '80' } })
    const order = screen.getByRole('list', { name: 'Account order' })
    expect(
      within(order)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('code')?.textContent),
    ).toEqual(['work@example.com', 'home@example.com', 'old@example.com'])
    fireEvent.click(screen.getByRole('button', { name: 'Move home@example.com up' }))
    fireEvent.change(screen.getByLabelText('Reserve'), { target: { value: 'work@example.com' } })
    save()
    await waitFor(() => expect(callsOf(fake, 'updateSettings')).toHaveLength(1))
    const [saved] = callsOf(fake, 'updateSettings') as Settings[]
    expect(saved?.providers.find((p) => p.id === 'chatgpt')?.accounts).toEqual({
      switchAtPercent: 80,
      order: ['home@example.com', 'work@example.com', 'old@example.com'],
      reserve: 'work@example.com',
    })
  })

  it('an account named by id in the settings shows as itself; back to sign-in order drops the setting', async () => {
    const settings = sampleSettings()
    settings.providers[0]!.accounts = { order: ['acct-home'], reserve: 'acct-old' }
    const { fake } = renderWith(<ProvidersPage />, { auth: samplePool(), settings })
    fireEvent.click(await screen.findByRole('button', { name: /^chatgpt/ }))
    expect((screen.getByLabelText('Reserve') as HTMLSelectElement).value).toBe('old@example.com')
    fireEvent.click(screen.getByRole('button', { name: 'Move work@example.com up' }))
    fireEvent.change(screen.getByLabelText('Reserve'), { target: { value: '' } })
    save()
    await waitFor(() => expect(callsOf(fake, 'updateSettings')).toHaveLength(1))
    const [saved] = callsOf(fake, 'updateSettings') as Settings[]
    expect(saved?.providers[0]?.accounts).toBeUndefined()
  })

  it('a switch point out of range is named at the field and Save waits', async () => {
    const { fake } = renderWith(<ProvidersPage />, { auth: samplePool() })
    fireEvent.click(await screen.findByRole('button', { name: /^chatgpt/ }))
    fireEvent.change(screen.getByLabelText('Switch at'), { target: { value: '150' } })
    expect(within(fieldOf('Switch at') as HTMLElement).getByRole('alert').textContent).toBe(
      'A percentage from 1 to 100',
    )
    save()
    expect(callsOf(fake, 'updateSettings')).toHaveLength(0)
    expect((screen.getByLabelText('Switch at') as HTMLInputElement).value).toBe('150')
  })
})

describe('fallback, caps and prices', () => {
  it('offers only the other providers; the gateway’s refusal of a circle shows at the field until it is changed', async () => {
    const settings = sampleSettings()
    settings.providers[1]!.fallback = ['chatgpt']
    const { fake } = renderWith(<ProvidersPage />, { settings })
    fireEvent.click(await screen.findByRole('button', { name: /^chatgpt/ }))
    const add = screen.getByRole('combobox', { name: 'Add a fallback provider' })
    expect(within(add).queryByRole('option', { name: 'chatgpt' })).toBeNull()
    fireEvent.change(add, { target: { value: 'anthropic' } })
    fireEvent.change(screen.getByRole('combobox', { name: 'Add a fallback provider' }), {
      target: { value: 'openrouter' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Move openrouter up' }))
    save()
    await waitFor(() =>
      expect(within(fieldOf('Fall back to') as HTMLElement).getByRole('alert').textContent).toBe(
        'falls back in a circle',
      ),
    )
    // Nothing typed is lost: the list is as it was, and the draft is still unsaved.
    const list = screen.getByRole('list', { name: 'Fallback providers' })
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('code')?.textContent),
    ).toEqual(['openrouter', 'anthropic'])
    expect(fake.state.settings.providers[0]?.fallback).toBeUndefined()
    fireEvent.click(
      screen.getByRole('button', { name: 'Remove openrouter from fallback providers' }),
    )
    expect(within(fieldOf('Fall back to') as HTMLElement).queryByRole('alert')).toBeNull()
    save()
    await waitFor(() => expect(fake.state.settings.providers[0]?.fallback).toEqual(['anthropic']))
  })

  it('shows the built-in list price as the placeholder, and keeps a half-typed price set with a clear message', async () => {
    const settings = sampleSettings()
    settings.providers[1]!.models = ['anthropic/claude-sonnet-4-5', 'x']
    const { fake } = renderWith(<ProvidersPage />, { settings })
    fireEvent.click(await screen.findByRole('button', { name: /^openrouter/ }))
    const input = screen.getByLabelText('Input price (USD per million tokens)') as HTMLInputElement
    const output = screen.getByLabelText(
      'Output price (USD per million tokens)',
    ) as HTMLInputElement
    expect([input.placeholder, output.placeholder]).toEqual(['3', '15'])
    expect(screen.getByText(/shown: anthropic\/claude-sonnet-4-5/)).toBeTruthy()
    fireEvent.change(input, { target: { value: '2.5' } })
    expect(within(fieldOf('Prices') as HTMLElement).getByRole('alert').textContent).toMatch(
      /Enter all three prices/,
    )
    save()
    expect(callsOf(fake, 'updateSettings')).toHaveLength(0)
    expect(input.value).toBe('2.5')
    fireEvent.change(screen.getByLabelText('Cached input price (USD per million tokens)'), {
      target: { value: '0.3' },
    })
    fireEvent.change(output, { target: { value: '12' } })
    fireEvent.change(screen.getByLabelText('Monthly cap (USD)'), { target: { value: '40' } })
    save()
    await waitFor(() => expect(callsOf(fake, 'updateSettings')).toHaveLength(1))
    const openrouter = fake.state.settings.providers[1]
    expect(openrouter?.prices).toEqual({ input: 2.5, cachedInput: 0.3, output: 12 })
    expect(openrouter?.spendCap).toEqual({ monthlyUsd: 40 })
  })
})
