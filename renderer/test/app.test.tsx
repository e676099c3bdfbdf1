// @vitest-environment jsdom
// App shell: navigation, focus after navigation, theme, live status events.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
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
    expect(nav.querySelectorAll('a')).toHaveLength(9)
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
    act(() =>
      fake.emit({ type: 'settings:changed', settings: { ...settings, ui: { theme: 'system' } } }),
    )
    await waitFor(() => expect(document.documentElement.dataset['theme']).toBeUndefined())
  })

  it('updates the sidebar from gateway status events', async () => {
    const fake = createFakeClient()
    render(<App client={fake} />)
    expect(await screen.findAllByText('Running')).not.toHaveLength(0)
    act(() =>
      fake.emit({
        type: 'gateway:status',
        status: { ...fake.state.gateway, state: 'error', error: 'port 8787 is taken' },
      }),
    )
    expect(await screen.findByText('port 8787 is taken')).toBeTruthy()
  })

  it('shows the start-up notices as a banner naming the field and the kept file, dismissible', async () => {
    const fake = createFakeClient()
    fake.state.gateway = {
      ...fake.state.gateway,
      notices: [
        {
          level: 'warning',
          code: 'settings-reset',
          message: 'The settings file could not be used: server.port must be a number.',
          fields: ['server.port'],
          keptAs: '/home/ada/.config/switchboard/settings.json.broken-1',
        },
        { level: 'info', code: 'overlay', message: 'server.port = 9000 from --port' },
      ],
    }
    render(<App client={fake} />)
    const alert = await screen.findByRole('alert')
    expect(within(alert).getByText('Settings were reset')).toBeTruthy()
    expect(within(alert).getByText(/server\.port must be a number/)).toBeTruthy()
    expect(within(alert).getByText('Fields: server.port')).toBeTruthy()
    expect(
      within(alert).getByText('/home/ada/.config/switchboard/settings.json.broken-1'),
    ).toBeTruthy()
    expect(screen.getByText('server.port = 9000 from --port')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss: Settings were reset' }))
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull())
    expect(screen.getByText('server.port = 9000 from --port')).toBeTruthy()
  })

  it('asks Save / Discard / Stay before leaving a page with unsaved changes', async () => {
    const fake = createFakeClient()
    render(<App client={fake} />)
    const go = (page: string) => {
      window.location.hash = `#/${page}`
      fireEvent(window, new HashChangeEvent('hashchange'))
    }
    go('settings')
    fireEvent.change(await screen.findByLabelText('Keep entries'), { target: { value: '4000' } })
    go('log')
    const dialog = await screen.findByRole('dialog', { name: 'Save your changes?' })
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy()
    expect(window.location.hash).toBe('#/settings')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stay' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect((screen.getByLabelText('Keep entries') as HTMLInputElement).value).toBe('4000')

    go('log')
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Save' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Live log' })).toBeTruthy()
    expect(fake.state.settings.log.maxEntries).toBe(4000)

    go('settings')
    fireEvent.change(await screen.findByLabelText('Keep entries'), { target: { value: '50' } })
    go('overview')
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Discard' }),
    )
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy()
    expect(fake.state.settings.log.maxEntries).toBe(4000)
  })

  it('shows account states in words, drops command-line hints, and clears usage on sign-out', async () => {
    const fake = createFakeClient()
    render(<App client={fake} />)
    window.location.hash = '#/account'
    fireEvent(window, new HashChangeEvent('hashchange'))
    await screen.findByRole('heading', { level: 1, name: 'Account' })
    act(() =>
      fake.emit({
        type: 'auth:status',
        status: {
          signedIn: false,
          state: 'signed_out_refresh_failed',
          message: 'Sign in again with `switchboard login`.',
          usage: { primary: { usedPercent: 42 }, updatedAt: new Date().toISOString() },
        },
      }),
    )
    await waitFor(() =>
      expect(screen.getByText('The saved login expired; sign in again.')).toBeTruthy(),
    )
    expect(document.body.textContent).not.toContain('switchboard login')
    expect(document.body.textContent).not.toContain('signed_out')
    expect(document.body.textContent).not.toContain('42%')
    expect(document.body.textContent).not.toMatch(/Updated .* ago/)
    act(() =>
      fake.emit({
        type: 'auth:status',
        status: { signedIn: true, state: 'signed_in', email: 'ada@example.com' },
      }),
    )
    await waitFor(() => expect(screen.getAllByText('ada@example.com').length).toBeGreaterThan(0))
    expect(document.body.textContent).not.toContain('signed_in')
  })
})
