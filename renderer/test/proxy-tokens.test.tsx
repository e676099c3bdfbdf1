// @vitest-environment jsdom
// chatgpt-codex-proxy's sign-in on the Account page: the offer, the import on click, then the plain file deleted
// only when the user asks.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AccountPage } from '../src/pages/account-page.js'
import { callsOf, renderWith } from './helpers.js'

const PATH = '/home/me/.chatgpt-codex-proxy/tokens.json'

describe('chatgpt-codex-proxy sign-in on the Account page', () => {
  it('imports on click, keeps the file, and deletes it only on the second button', async () => {
    const { fake } = renderWith(<AccountPage />, {
      proxyTokens: {
        offer: { path: PATH, email: 'proxy@example.com', accountId: 'acc-proxy-0001' },
        deleted: false,
      },
    })
    expect(await screen.findByText('Sign-in found from chatgpt-codex-proxy')).toBeTruthy()
    expect(screen.getByText(PATH)).toBeTruthy()
    expect(screen.getByText(/signed in as proxy@example\.com/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Delete the plain-text file' })).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: 'Import' }))
    await waitFor(() => expect(callsOf(fake, 'importProxyTokens')).toEqual([{ deleteFile: false }]))
    expect(await screen.findByText('Imported')).toBeTruthy()
    expect(fake.state.proxyTokens?.deleted).toBe(false)

    fireEvent.click(screen.getByRole('button', { name: 'Delete the plain-text file' }))
    await waitFor(() =>
      expect(callsOf(fake, 'importProxyTokens')).toEqual([
        { deleteFile: false },
        { deleteFile: true },
      ]),
    )
    expect(await screen.findByText('Deleted')).toBeTruthy()
    expect(fake.state.proxyTokens?.deleted).toBe(true)
  })

  it('names a file that cannot be imported and offers no button', async () => {
    renderWith(<AccountPage />, {
      proxyTokens: {
        offer: { path: PATH, problem: `${PATH} is not valid JSON, so it is not a tokens file.` },
        deleted: false,
      },
    })
    expect(await screen.findByText(/is not valid JSON/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull()
  })

  it('shows nothing without the file', async () => {
    const { fake } = renderWith(<AccountPage />)
    await waitFor(() => expect(callsOf(fake, 'proxyTokensOffer').length).toBeGreaterThan(0))
    expect(screen.queryByText('Sign-in found from chatgpt-codex-proxy')).toBeNull()
  })
})
