// @vitest-environment jsdom
// The Account page's pool: each account with its state, windows, forecast and role; adding an account (the list
// grows live, a renewal is told apart), removing one after a confirmation, signing out of all, an empty pool.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { AccountView } from '../../bridge/control/contract/accounts.js'
import { AccountPage } from '../src/pages/account-page.js'
import { samplePool } from '../src/test/fixtures.js'
import { callsOf, renderWith } from './helpers.js'

const card = (email: string) => screen.getByRole('region', { name: `Account ${email}` })

describe('the Account page with a pool of accounts', () => {
  it('lists every account with plan, state, role, both windows with reset times and the forecast', async () => {
    renderWith(<AccountPage />, { auth: samplePool() })
    await screen.findByRole('region', { name: 'Account work@example.com' })
    const work = within(card('work@example.com'))
    expect(work.getByText('Pro')).toBeTruthy()
    expect(work.getByText('Ready')).toBeTruthy()
    expect(work.getByText('Serves new conversations')).toBeTruthy()
    expect(work.getByLabelText('5-hour window used')).toHaveProperty('value', 64)
    expect(work.getByLabelText('Weekly window used')).toHaveProperty('value', 22)
    expect(work.getByText(/^Resets (?:\w{3} )?\d\d:\d\d \(in 2h 0m\)$/)).toBeTruthy()
    expect(
      work.getByText(/^At this rate the 5-hour window runs out at (?:\w{3} )?\d\d:\d\d\.$/),
    ).toBeTruthy()

    const home = within(card('home@example.com'))
    expect(home.getByText(/^Limited until (\w{3} )?\d\d:\d\d$/)).toBeTruthy()
    expect(home.getByText('Reserve')).toBeTruthy()
    expect(home.queryByText('Serves new conversations')).toBeNull()

    const old = within(card('old@example.com'))
    expect(old.getByText('Needs sign-in')).toBeTruthy()
    expect(old.getByRole('button', { name: 'Sign in again' })).toBeTruthy()
    expect(old.getByText(/shows after the account's first request/)).toBeTruthy()
    expect(document.body.textContent).not.toContain('switchboard login')
    expect(screen.getByText(/3 accounts; new conversations go to work@example.com/)).toBeTruthy()
  })

  it('adds an account: the sign-in waits for the gateway, then the list grows without a reload', async () => {
    const { fake } = renderWith(<AccountPage />, { auth: samplePool() })
    fireEvent.click(await screen.findByRole('button', { name: 'Add account' }))
    fireEvent.click(screen.getByRole('button', { name: 'Add with browser' }))
    expect(await screen.findByText('Waiting…')).toBeTruthy()
    expect(callsOf(fake, 'signIn')).toEqual([{ method: 'browser' }])
    const bob: AccountView = {
      id: 'acct-bob',
      email: 'bob@example.com',
      plan: 'plus',
      state: 'ready',
      usage: { primary: { usedPercent: 3, windowMinutes: 300 } },
    }
    act(() => fake.finishSignIn(bob))
    await screen.findByRole('region', { name: 'Account bob@example.com' })
    expect(screen.queryByText('Waiting…')).toBeNull()
    expect(screen.getByText('bob@example.com is added to the pool.')).toBeTruthy()
    expect(screen.getByText(/4 accounts/)).toBeTruthy()

    // The same account again only renews it.
    fireEvent.click(screen.getByRole('button', { name: 'Add account' }))
    fireEvent.click(screen.getByRole('button', { name: 'Add with browser' }))
    await screen.findByText('Waiting…')
    act(() => fake.finishSignIn({ ...bob, usage: { primary: { usedPercent: 9 } } }))
    expect(
      await screen.findByText('bob@example.com was already in the pool: its sign-in is renewed.'),
    ).toBeTruthy()
    expect(screen.getAllByRole('region', { name: 'Account bob@example.com' })).toHaveLength(1)
  })

  it('removes one account only after a confirmation', async () => {
    const { fake } = renderWith(<AccountPage />, { auth: samplePool() })
    await screen.findByRole('region', { name: 'Account home@example.com' })
    fireEvent.click(screen.getByRole('button', { name: 'Remove home@example.com' }))
    expect(callsOf(fake, 'signOut')).toEqual([])
    const confirm = screen.getByRole('alertdialog', { name: 'Remove home@example.com?' })
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Remove home@example.com' }))
    fireEvent.click(screen.getByRole('button', { name: 'Remove account' }))
    await waitFor(() =>
      expect(screen.queryByRole('region', { name: 'Account home@example.com' })).toBeNull(),
    )
    expect(callsOf(fake, 'signOut')).toEqual([{ account: 'acct-home' }])
    expect(screen.getByRole('region', { name: 'Account work@example.com' })).toBeTruthy()
  })

  it('signs out of all after a confirmation, then offers the ways to sign in', async () => {
    const { fake } = renderWith(<AccountPage />, { auth: samplePool() })
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out all' }))
    expect(screen.getByText('Sign out of all 3 accounts?')).toBeTruthy()
    const buttons = screen.getAllByRole('button', { name: 'Sign out all' })
    fireEvent.click(buttons[buttons.length - 1]!)
    expect(await screen.findByRole('heading', { name: 'Sign in with ChatGPT' })).toBeTruthy()
    expect(callsOf(fake, 'signOut')).toEqual([undefined])
    expect(screen.queryByRole('list', { name: 'ChatGPT accounts' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Add account' })).toBeNull()
  })

  it('an empty pool explains the pool and offers browser, device code and the Codex CLI login', async () => {
    renderWith(<AccountPage />, { auth: { signedIn: false, state: 'signed-out' } })
    expect(await screen.findByRole('heading', { name: 'Sign in with ChatGPT' })).toBeTruthy()
    expect(screen.getByText(/moves new conversations to the next account/)).toBeTruthy()
    for (const name of ['Sign in with browser', 'Use a device code', 'Import Codex CLI login'])
      expect(screen.getByRole('button', { name })).toBeTruthy()
  })

  it('an account that needs sign-in opens the sign-in choices', async () => {
    renderWith(<AccountPage />, { auth: samplePool() })
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in again' }))
    expect(screen.getByRole('heading', { name: 'Add a ChatGPT account' })).toBeTruthy()
    expect(screen.getByText(/signing in with one already listed renews it/)).toBeTruthy()
  })
})
