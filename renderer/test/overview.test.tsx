// @vitest-environment jsdom
// Overview: masked access key, copy, usage meters, quick snippets, start/stop.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { OverviewPage } from '../src/pages/overview-page.js'
import { ACCESS_KEY } from '../src/test/fixtures.js'
import { clipboard, renderWith } from './helpers.js'

describe('Overview', () => {
  it('shows the access key masked and never in full until revealed', async () => {
    const { container } = renderWith(<OverviewPage />)
    const value = await screen.findByTestId('secret-value')
    expect(value.textContent).toBe(
      `${ACCESS_KEY.slice(0, 4)}${'•'.repeat(12)}${ACCESS_KEY.slice(-4)}`,
    )
    expect(container.textContent).not.toContain(ACCESS_KEY)

    fireEvent.click(screen.getByRole('button', { name: 'Reveal access key' }))
    expect(screen.getByTestId('secret-value').textContent).toBe(ACCESS_KEY)
  })

  it('copies the full access key', async () => {
    renderWith(<OverviewPage />)
    fireEvent.click(await screen.findByRole('button', { name: 'Copy access key' }))
    await waitFor(() => expect(clipboard.writes).toEqual([ACCESS_KEY]))
    expect(await screen.findByText('Copied')).toBeTruthy()
  })

  it('shows gateway URL, account and both usage windows', async () => {
    renderWith(<OverviewPage />)
    expect(await screen.findByText('http://127.0.0.1:8787')).toBeTruthy()
    expect(await screen.findByText('ada@example.com')).toBeTruthy()
    expect(
      screen.getByRole('progressbar', { name: '5-hour window used' }).getAttribute('value'),
    ).toBe('42')
    expect(
      screen.getByRole('progressbar', { name: 'Weekly window used' }).getAttribute('value'),
    ).toBe('18')
  })

  it('copies a quick snippet with the live key', async () => {
    renderWith(<OverviewPage />)
    fireEvent.click(await screen.findByRole('button', { name: 'Copy Claude Code snippet' }))
    await waitFor(() => expect(clipboard.writes).toHaveLength(1))
    expect(clipboard.writes[0]).toContain(`ANTHROPIC_AUTH_TOKEN='${ACCESS_KEY}'`)
  })

  it('stops the gateway and shows it stopped', async () => {
    const { fake } = renderWith(<OverviewPage />)
    fireEvent.click(await screen.findByRole('button', { name: 'Stop' }))
    expect(await screen.findByText('Stopped')).toBeTruthy()
    expect(fake.state.gateway.state).toBe('stopped')
  })
})
