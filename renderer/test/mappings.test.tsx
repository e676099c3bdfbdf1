// @vitest-environment jsdom
// Model mappings: rule editing and ordering, save document, errors, route tester highlight.
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Settings } from '../../bridge/config/schema.js'
import { MappingsPage } from '../src/pages/mappings-page.js'
import { sampleSettings } from '../src/test/fixtures.js'
import { callsOf, renderWith } from './helpers.js'

const patterns = () =>
  screen
    .getAllByRole('textbox', { name: /^Rule \d+ pattern$/ })
    .map((el) => (el as HTMLInputElement).value)

describe('Model mappings', () => {
  it('adds, moves and deletes rules, then saves the whole document', async () => {
    const { fake } = renderWith(<MappingsPage />)
    await screen.findByRole('table', { name: 'Routing rules' })
    expect(patterns()).toEqual(['claude-*haiku*', 'claude-*', 'qwen*'])

    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }))
    fireEvent.change(screen.getByRole('textbox', { name: 'Rule 4 pattern' }), {
      target: { value: 'gpt-4*' },
    })
    fireEvent.change(screen.getByRole('combobox', { name: 'Rule 4 provider' }), {
      target: { value: 'openrouter' },
    })
    fireEvent.change(screen.getByRole('textbox', { name: 'Rule 4 upstream model' }), {
      target: { value: 'openai/gpt-4.1' },
    })
    fireEvent.change(screen.getByRole('combobox', { name: 'Rule 4 effort' }), {
      target: { value: 'medium' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Move rule 4 up' }))
    fireEvent.click(screen.getByRole('button', { name: 'Move rule 1 down' }))
    fireEvent.click(screen.getByRole('button', { name: 'Delete rule 4' }))
    expect(patterns()).toEqual(['claude-*', 'claude-*haiku*', 'gpt-4*'])
    expect(screen.getByText('Unsaved changes')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByText('Saved — applied without a restart')
    const [saved] = callsOf(fake, 'updateSettings') as Settings[]
    const expected = sampleSettings()
    expected.routing.rules = [
      { match: 'claude-*', provider: 'chatgpt', model: 'gpt-5.5', effort: 'high' },
      { match: 'claude-*haiku*', provider: 'chatgpt', model: 'gpt-5.4-mini', effort: 'low' },
      { match: 'gpt-4*', provider: 'openrouter', model: 'openai/gpt-4.1', effort: 'medium' },
    ]
    expect(saved).toEqual(expected)
  })

  it('edits family defaults and passthrough', async () => {
    const { fake } = renderWith(<MappingsPage />)
    fireEvent.change(await screen.findByRole('textbox', { name: 'Haiku' }), {
      target: { value: 'chatgpt/gpt-5.4-mini' },
    })
    fireEvent.change(screen.getByRole('textbox', { name: 'Opus' }), { target: { value: '' } })
    fireEvent.click(screen.getByRole('switch', { name: 'Passthrough model names' }))
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(callsOf(fake, 'updateSettings')).toHaveLength(1))
    const [saved] = callsOf(fake, 'updateSettings') as Settings[]
    expect(saved?.routing.families).toEqual({ haiku: 'chatgpt/gpt-5.4-mini' })
    expect(saved?.routing.passthrough).toBe(true)
  })

  it('marks invalid fields as the user types, lists the problems in the save bar, focuses the first, and sends nothing', async () => {
    const settings = sampleSettings()
    settings.routing.rules = [{ match: 'x*', provider: 'gone' }]
    const { fake } = renderWith(<MappingsPage />, { settings })
    expect(
      ((await screen.findByRole('combobox', { name: 'Rule 1 provider' })) as HTMLSelectElement)
        .value,
    ).toBe('gone')
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }))
    fireEvent.change(screen.getByRole('textbox', { name: 'Rule 2 pattern' }), {
      target: { value: 'has space' },
    })
    const pattern = screen.getByRole('textbox', { name: 'Rule 2 pattern' })
    expect(pattern.getAttribute('aria-invalid')).toBe('true')
    expect(pattern.parentElement?.textContent).toContain('no spaces')
    const bar = screen.getByRole('region', { name: 'Save changes' })
    expect(bar.textContent).toContain('2 problems to fix')
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    const alert = await within(bar).findByRole('alert')
    expect(alert.textContent).toContain('Not saved')
    expect(alert.textContent).toContain('No provider is called "gone"')
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('combobox', { name: 'Rule 1 provider' }),
      ),
    )
    expect(callsOf(fake, 'updateSettings')).toHaveLength(0)
    expect(patterns()).toEqual(['x*', 'has space'])
    expect(fake.state.settings.routing.rules).toEqual([{ match: 'x*', provider: 'gone' }])
  })

  it('highlights the rule the route tester matched', async () => {
    const { fake } = renderWith(<MappingsPage />)
    await screen.findByRole('table', { name: 'Routing rules' })
    fireEvent.change(screen.getByRole('textbox', { name: 'Model to test' }), {
      target: { value: 'claude-sonnet-4-5' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Test' }))
    await waitFor(() => expect(screen.getByTestId('rule-1').className).toContain('is-matched'))
    expect(screen.getByTestId('rule-1').getAttribute('aria-current')).toBe('true')
    expect(screen.getByTestId('rule-0').className).not.toContain('is-matched')
    expect(screen.getByTestId('rule-2').className).not.toContain('is-matched')
    expect(callsOf(fake, 'explainRoute')).toContainEqual({ model: 'claude-sonnet-4-5' })
    expect(
      within(screen.getByText(/^— by rule 2/).parentElement as HTMLElement).getByText('chatgpt'),
    ).toBeTruthy()
  })

  it('shows where each Claude family goes today, by the gateway’s own routing, and again after a save', async () => {
    const { fake } = renderWith(<MappingsPage />)
    expect(
      await screen.findByText('Now: chatgpt / gpt-5.4-mini — by rule 1 claude-*haiku*'),
    ).toBeTruthy()
    expect(screen.getAllByText('Now: chatgpt / gpt-5.5 — by rule 2 claude-*')).toHaveLength(2)
    expect(callsOf(fake, 'explainRoute')).toEqual(
      expect.arrayContaining([
        { model: 'claude-haiku' },
        { model: 'claude-sonnet' },
        { model: 'claude-opus' },
      ]),
    )
    fireEvent.click(screen.getByRole('button', { name: 'Delete rule 2' }))
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByText('Saved — applied without a restart')
    await waitFor(() => expect(screen.queryAllByText(/— by rule 2 claude-\*$/)).toHaveLength(0))
  })
})
