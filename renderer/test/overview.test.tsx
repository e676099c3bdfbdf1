// @vitest-environment jsdom
// Overview: masked access key, copy, usage meters, quick snippets, start/stop.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { OverviewPage } from '../src/pages/overview-page.js'
import { ACCESS_KEY, sampleAuth, sampleGateway } from '../src/test/fixtures.js'
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

  it('says who serves while a fallback is active, and why', async () => {
    renderWith(<OverviewPage />, {
      gateway: {
        ...sampleGateway(),
        fallback: {
          provider: 'chatgpt',
          reason: 'usage_limit',
          message: 'every ChatGPT account is limited',
          servedBy: 'anthropic',
          since: new Date().toISOString(),
        },
      },
    })
    const notice = await screen.findByText('Fallback active')
    expect(notice.parentElement?.textContent).toContain(
      'Requests meant for chatgpt are served by anthropic: chatgpt has reached its usage limit.',
    )
  })

  it('says when no fallback could serve, and shows no notice without a fallback', async () => {
    const { unmount } = renderWith(<OverviewPage />, {
      gateway: {
        ...sampleGateway(),
        fallback: {
          provider: 'chatgpt',
          reason: 'spend_cap',
          message: 'over the daily cap',
          since: new Date().toISOString(),
        },
      },
    })
    expect((await screen.findByRole('alert')).textContent).toContain(
      'No provider could serve requests meant for chatgpt: chatgpt has reached its spending cap.',
    )
    unmount()
    renderWith(<OverviewPage />)
    expect(await screen.findByText('http://127.0.0.1:8787')).toBeTruthy()
    expect(screen.queryByText('Fallback active')).toBeNull()
  })

  it('gives each pool account its burn-rate forecast beside the usage meters', async () => {
    const now = Date.now()
    const auth = sampleAuth(now)
    renderWith(<OverviewPage />, {
      auth: {
        ...auth,
        accounts: [
          {
            id: 'acc-work',
            email: 'ada@example.com',
            plan: 'plus',
            state: 'ready',
            usage: {
              primary: {
                usedPercent: 42,
                windowMinutes: 300,
                runsOutAt: new Date(now + 65 * 60_000).toISOString(),
              },
              secondary: {
                usedPercent: 18,
                windowMinutes: 10_080,
                runsOutAt: new Date(now + 3 * 86_400_000).toISOString(),
              },
            },
          },
          { id: 'acc-calm', email: 'calm@example.com', plan: 'plus', state: 'ready' },
          {
            id: 'acc-home',
            email: 'home@example.com',
            plan: 'plus',
            state: 'limited',
            limitedUntil: new Date(now + 30 * 60_000).toISOString(),
          },
        ],
      },
    })
    const list = await screen.findByRole('list', { name: 'Usage forecast' })
    const items = [...list.querySelectorAll('li')].map((li) => li.textContent)
    expect(items).toHaveLength(2)
    expect(items[0]).toMatch(/^ada@example\.com: 5-hour window runs out at (\w{3} )?\d\d:\d\d$/)
    expect(items[1]).toMatch(/^home@example\.com: limited until (\w{3} )?\d\d:\d\d$/)
  })

  it('shows no forecast line without pool accounts', async () => {
    renderWith(<OverviewPage />)
    expect(await screen.findByText('ada@example.com')).toBeTruthy()
    expect(screen.queryByRole('list', { name: 'Usage forecast' })).toBeNull()
  })
})
