// @vitest-environment jsdom
// App shell: navigation, focus after navigation, theme, live status events.
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { act } from 'react'
import { describe, expect, it } from 'vitest'
import { App } from '../src/app.js'
import { createFakeClient } from '../src/test/fake-client.js'
import { sampleSettings } from '../src/test/fixtures.js'
import './helpers.js'

describe('App shell', () => {
  it('navigates with real links and marks the current page', async () => {
    render(<App client={createFakeClient()} />)
    const nav = screen.getByRole('navigation', { name: 'Main' })
    expect(nav.querySelectorAll('a')).toHaveLength(8)
    expect(screen.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page')
    window.location.hash = '#/log'
    fireEvent(window, new HashChangeEvent('hashchange'))
    expect(await screen.findByRole('heading', { level: 1, name: 'Live log' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Live log' }).getAttribute('aria-current')).toBe('page')
    expect(document.activeElement).toBe(screen.getByRole('main'))
  })

  it('applies the theme setting and follows settings:changed events', async () => {
    const settings = sampleSettings()
    settings.ui = { theme: 'dark' }
    const fake = createFakeClient({ settings })
    render(<App client={fake} />)
    await waitFor(() => expect(document.documentElement.dataset['theme']).toBe('dark'))
    act(() => fake.emit({ type: 'settings:changed', settings: { ...settings, ui: { theme: 'system' } } }))
    await waitFor(() => expect(document.documentElement.dataset['theme']).toBeUndefined())
  })

  it('updates the sidebar from gateway status events', async () => {
    const fake = createFakeClient()
    render(<App client={fake} />)
    expect(await screen.findAllByText('Running')).not.toHaveLength(0)
    act(() => fake.emit({ type: 'gateway:status', status: { ...fake.state.gateway, state: 'error', error: 'port 8787 is taken' } }))
    expect(await screen.findByText('port 8787 is taken')).toBeTruthy()
  })
})
