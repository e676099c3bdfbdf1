// @vitest-environment jsdom
// Settings and Filters pages: drafts saved through updateSettings, warnings, key regeneration.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Settings } from '../../bridge/config/schema.js'
import { FiltersPage } from '../src/pages/filters-page.js'
import { SettingsPage } from '../src/pages/settings-page.js'
import { callsOf, renderWith } from './helpers.js'

describe('Settings and filters', () => {
  it('offers Launch at login only in the tray app', async () => {
    renderWith(<SettingsPage />)
    await screen.findByLabelText('Host')
    expect(screen.queryByRole('switch', { name: 'Launch at login' })).toBeNull()
  })

  it('saves log retention, body capture, timeouts and launch at login, and shows returned warnings', async () => {
    // The tray app's preload bridge is what makes the login item meaningful.
    window.switchboard = { invoke: async () => undefined, onEvent: () => () => undefined }
    const { fake } = renderWith(<SettingsPage />)
    fireEvent.change(await screen.findByLabelText('Host'), { target: { value: '0.0.0.0' } })
    fireEvent.change(screen.getByLabelText('Keep entries'), { target: { value: '5000' } })
    fireEvent.click(screen.getByRole('switch', { name: 'Capture request and response bodies' }))
    fireEvent.change(screen.getByLabelText('Body size cap'), { target: { value: '512' } })
    fireEvent.change(screen.getByLabelText('Idle timeout'), { target: { value: '300' } })
    fireEvent.click(screen.getByRole('switch', { name: 'Launch at login' }))
    fireEvent.change(screen.getByLabelText('Theme'), { target: { value: 'dark' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))

    expect(await screen.findByText('server.host is not loopback')).toBeTruthy()
    const [saved] = callsOf(fake, 'updateSettings') as Settings[]
    expect(saved?.server.host).toBe('0.0.0.0')
    expect(saved?.log).toEqual({ maxEntries: 5000, captureBodies: false, maxBodyBytes: 512 * 1024 })
    expect(saved?.stream.idleTimeoutMs).toBe(300_000)
    expect(saved?.ui).toEqual({ theme: 'dark', launchAtLogin: true })
    delete window.switchboard
  })

  it('saves the response store limits and persistence', async () => {
    const { fake } = renderWith(<SettingsPage />)
    fireEvent.change(await screen.findByLabelText('Keep responses'), { target: { value: '500' } })
    fireEvent.change(screen.getByLabelText('Memory for stored responses'), {
      target: { value: '32' },
    })
    fireEvent.change(screen.getByLabelText('Expire after'), { target: { value: '168' } })
    fireEvent.click(screen.getByRole('switch', { name: 'Keep them on disk across restarts' }))
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(callsOf(fake, 'updateSettings')).toHaveLength(1))
    const [saved] = callsOf(fake, 'updateSettings') as Settings[]
    expect(saved?.responseStore).toEqual({
      enabled: true,
      maxResponses: 500,
      maxMb: 32,
      ttlHours: 168,
      persist: true,
    })
  })

  it('saves with Ctrl+S', async () => {
    const { fake } = renderWith(<SettingsPage />)
    fireEvent.change(await screen.findByLabelText('Keep entries'), { target: { value: '3000' } })
    fireEvent.keyDown(window, { key: 's', ctrlKey: true })
    await waitFor(() => expect(callsOf(fake, 'updateSettings')).toHaveLength(1))
  })

  it('regenerates the access key only after a second click', async () => {
    const { fake } = renderWith(<SettingsPage />)
    fireEvent.click(await screen.findByRole('button', { name: 'Regenerate' }))
    expect(callsOf(fake, 'regenerateAccessKey')).toHaveLength(0)
    fireEvent.click(screen.getByRole('button', { name: 'Click again to regenerate' }))
    await waitFor(() => expect(callsOf(fake, 'regenerateAccessKey')).toHaveLength(1))
  })

  it('edits dropped tool types and parameters', async () => {
    const { fake } = renderWith(<FiltersPage />)
    fireEvent.click(await screen.findByRole('button', { name: 'Remove web_search' }))
    fireEvent.change(screen.getByRole('textbox', { name: 'Parameters' }), {
      target: { value: 'service_tier' },
    })
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Parameters' }), { key: 'Enter' })
    fireEvent.click(screen.getByRole('switch', { name: 'Convert custom tools to function tools' }))
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(callsOf(fake, 'updateSettings')).toHaveLength(1))
    const [saved] = callsOf(fake, 'updateSettings') as Settings[]
    expect(saved?.filters).toEqual({
      dropToolTypes: [],
      dropParams: ['prompt_cache_key', 'service_tier'],
      convertCustomTools: false,
    })
  })
})
