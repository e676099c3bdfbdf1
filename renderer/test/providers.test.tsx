// @vitest-environment jsdom
// Providers: write-only key field, adding a provider, test connection.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Settings } from '../../bridge/config/schema.js'
import { ProvidersPage } from '../src/pages/providers-page.js'
import { callsOf, renderWith } from './helpers.js'

describe('Providers', () => {
  it('stores an API key through setProviderKey, clears the field and never shows the key', async () => {
    const { fake, container } = renderWith(<ProvidersPage />)
    fireEvent.click(await screen.findByRole('button', { name: /^openrouter/ }))
    const input = screen.getByLabelText('API key') as HTMLInputElement
    expect(input.type).toBe('password')
    expect(input.value).toBe('')
    fireEvent.change(input, { target: { value: 'sk-or-secret-123' } })
    fireEvent.click(screen.getByRole('button', { name: 'Store key' }))

    await waitFor(() =>
      expect(callsOf(fake, 'setProviderKey')).toEqual([
        { id: 'openrouter', key: 'sk-or-secret-123' },
      ]),
    )
    await waitFor(() =>
      expect((screen.getByLabelText('API key') as HTMLInputElement).value).toBe(''),
    )
    expect(screen.getByText('Key stored in the system keychain.')).toBeTruthy()
    expect(container.innerHTML).not.toContain('sk-or-secret-123')
    expect(fake.state.providerKeys['openrouter']).toBe('sk-or-secret-123')
  })

  it('adds a provider with headers and saves it', async () => {
    const { fake } = renderWith(<ProvidersPage />)
    fireEvent.click(await screen.findByRole('button', { name: 'Add provider' }))
    fireEvent.change(screen.getByLabelText('ID'), { target: { value: 'Local' } })
    fireEvent.change(screen.getByLabelText('Base URL'), {
      target: { value: 'http://127.0.0.1:11434/v1' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Add header' }))
    fireEvent.change(screen.getByRole('textbox', { name: 'Fixed header 1 name' }), {
      target: { value: 'X-Team' },
    })
    fireEvent.change(screen.getByRole('textbox', { name: 'Fixed header 1 value' }), {
      target: { value: 'core' },
    })
    fireEvent.change(screen.getByRole('textbox', { name: 'Forwarded headers' }), {
      target: { value: 'X-Trace-Id' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Add to forwarded headers' }))
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))

    await waitFor(() => expect(callsOf(fake, 'updateSettings')).toHaveLength(1))
    const [saved] = callsOf(fake, 'updateSettings') as Settings[]
    expect(saved?.providers.at(-1)).toEqual({
      id: 'local',
      kind: 'openai-chat',
      baseUrl: 'http://127.0.0.1:11434/v1',
      headers: { 'X-Team': 'core' },
      forwardHeaders: ['x-trace-id'],
    })
  })

  it('tests the connection of a saved provider', async () => {
    const { fake } = renderWith(<ProvidersPage />)
    fireEvent.click(await screen.findByRole('button', { name: /^anthropic/ }))
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }))
    expect(await screen.findByText('ANTHROPIC_API_KEY is not set')).toBeTruthy()
    expect(callsOf(fake, 'testProvider')).toEqual([{ id: 'anthropic' }])
  })

  it('stores the API key of a new provider with the same Save that creates it', async () => {
    const { fake, container } = renderWith(<ProvidersPage />)
    fireEvent.click(await screen.findByRole('button', { name: 'Add provider' }))
    fireEvent.change(screen.getByLabelText('ID'), { target: { value: 'groq' } })
    fireEvent.change(screen.getByLabelText('Base URL'), {
      target: { value: 'https://api.groq.com/openai/v1' },
    })
    fireEvent.change(screen.getByLabelText('API key'), { target: { value: 'gsk-new-secret-456' } })
    fireEvent.click(screen.getByRole('button', { name: 'Use key' }))
    expect(await screen.findByText(/goes to the system keychain when you save/)).toBeTruthy()
    expect(callsOf(fake, 'setProviderKey')).toHaveLength(0)
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(callsOf(fake, 'setProviderKey')).toEqual([{ id: 'groq', key: 'gsk-new-secret-456' }]),
    )
    await waitFor(() => expect(screen.getByText(/A key is stored as/)).toBeTruthy())
    expect(fake.state.settings.providers.find((p) => p.id === 'groq')?.apiKeySecret).toBe(
      'provider:groq',
    )
    expect(container.innerHTML).not.toContain('gsk-new-secret-456')
    expect(screen.queryByText('Unsaved changes')).toBeNull()
  })

  it('warns before removing a provider that rules use, and removes only when asked again', async () => {
    const { fake } = renderWith(<ProvidersPage />)
    fireEvent.click(await screen.findByRole('button', { name: /^openrouter/ }))
    fireEvent.click(screen.getByRole('button', { name: 'Remove provider openrouter' }))
    const warning = await screen.findByText(/Used by rule 3 \(qwen\*\)/)
    expect(warning).toBeTruthy()
    expect(screen.getByRole('button', { name: /^openrouter/ })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Keep openrouter' }))
    expect(screen.queryByText(/Used by rule 3/)).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Remove provider openrouter' }))
    fireEvent.click(screen.getByRole('button', { name: 'Remove anyway' }))
    await waitFor(() => expect(screen.queryByRole('button', { name: /^openrouter/ })).toBeNull())
    expect(callsOf(fake, 'updateSettings')).toHaveLength(0)
  })

  it('validates the base URL and header names as they are typed', async () => {
    renderWith(<ProvidersPage />)
    fireEvent.click(await screen.findByRole('button', { name: 'Add provider' }))
    fireEvent.change(screen.getByLabelText('Base URL'), { target: { value: 'localhost:11434' } })
    expect(screen.getByLabelText('Base URL').getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByText(/Use an http:\/\/ or https:\/\/ URL|Not a URL/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Add header' }))
    fireEvent.change(screen.getByRole('textbox', { name: 'Fixed header 1 name' }), {
      target: { value: 'Bad Header' },
    })
    expect(
      screen.getByRole('textbox', { name: 'Fixed header 1 name' }).getAttribute('aria-invalid'),
    ).toBe('true')
    expect(screen.getByText(/"Bad Header" is not a header name/)).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Base URL'), {
      target: { value: 'http://localhost:11434/v1' },
    })
    expect(screen.getByLabelText('Base URL').getAttribute('aria-invalid')).toBeNull()
  })
})
