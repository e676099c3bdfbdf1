// @vitest-environment jsdom
// The codex-chat-bridge import offer: the preview, the import on click, and the first-run offer on the overview.
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { BridgeImportOffer } from '../../bridge/control/contract/settings-views.js'
import { OverviewPage } from '../src/pages/overview-page.js'
import { ProvidersPage } from '../src/pages/providers-page.js'
import { sampleSettings } from '../src/test/fixtures.js'
import { callsOf, renderWith } from './helpers.js'

const SOURCE = '/home/me/.config/codex-chat-bridge/conf.toml'

function bridgeImport(firstRun: boolean) {
  const offer: BridgeImportOffer = {
    source: SOURCE,
    firstRun,
    changes: [
      'add provider "cli": openai-chat at http://127.0.0.1:9/v1; API key from $LEGACY_UPSTREAM_KEY',
      'default provider: openrouter → cli',
    ],
    notes: [
      'verbose_logging is not used: every request and its frames are in the web UI log instead',
    ],
  }
  const result = sampleSettings()
  result.providers.push({
    id: 'cli',
    kind: 'openai-chat',
    baseUrl: 'http://127.0.0.1:9/v1',
    apiKeyEnv: 'LEGACY_UPSTREAM_KEY',
  })
  result.defaultProvider = 'cli'
  return { offer, result }
}

describe('codex-chat-bridge import offer', () => {
  it('shows what the import would change and imports on click', async () => {
    const { fake } = renderWith(<ProvidersPage />, { bridgeImport: bridgeImport(false) })
    const list = await screen.findByRole('list', { name: 'Changes the import would make' })
    expect(within(list).getByText(/add provider "cli": openai-chat/)).toBeTruthy()
    expect(within(list).getByText('default provider: openrouter → cli')).toBeTruthy()
    expect(screen.getByText(SOURCE)).toBeTruthy()
    expect(screen.getByText(/verbose_logging is not used/)).toBeTruthy()
    expect(callsOf(fake, 'importBridgeSettings')).toEqual([])

    fireEvent.click(screen.getByRole('button', { name: 'Import these settings' }))
    await waitFor(() => expect(callsOf(fake, 'importBridgeSettings')).toHaveLength(1))
    expect(await screen.findByText('Imported')).toBeTruthy()
    // The new provider is in the list at once, from the saved settings.
    expect(await screen.findByRole('button', { name: /^cli/ })).toBeTruthy()
    expect(fake.state.settings.defaultProvider).toBe('cli')
    expect(callsOf(fake, 'updateSettings')).toEqual([])
  })

  it('waits for unsaved edits to be saved or discarded before importing', async () => {
    renderWith(<ProvidersPage />, { bridgeImport: bridgeImport(false) })
    const button = await screen.findByRole('button', { name: 'Import these settings' })
    fireEvent.click(screen.getByRole('button', { name: 'Add provider' }))
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(true))
    expect(screen.getByText('Save or discard your changes first.')).toBeTruthy()
  })

  it('names a file that cannot be imported and offers no button', async () => {
    const found = bridgeImport(true)
    found.offer = {
      ...found.offer,
      changes: [],
      problem: `${SOURCE}: upstream_url must use http or https`,
    }
    renderWith(<ProvidersPage />, { bridgeImport: found })
    expect(await screen.findByText(/upstream_url must use http or https/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Import these settings' })).toBeNull()
  })

  it('is offered on the overview on first run only', async () => {
    const first = renderWith(<OverviewPage />, { bridgeImport: bridgeImport(true) })
    expect(await screen.findByRole('button', { name: 'Import these settings' })).toBeTruthy()
    first.unmount()
    const later = renderWith(<OverviewPage />, { bridgeImport: bridgeImport(false) })
    await waitFor(() => expect(callsOf(later.fake, 'bridgeImportOffer').length).toBeGreaterThan(0))
    expect(screen.queryByRole('button', { name: 'Import these settings' })).toBeNull()
  })

  it('shows nothing without the file', async () => {
    const { fake } = renderWith(<ProvidersPage />)
    await waitFor(() => expect(callsOf(fake, 'bridgeImportOffer').length).toBeGreaterThan(0))
    expect(screen.queryByText('Settings from codex-chat-bridge')).toBeNull()
  })
})
