// @vitest-environment jsdom
// The browser's way in without a usable token: "no token" apart from "refused" (also mid-session, when the
// gateway restarted with a new one), the pasted link or token checked before it is kept, and what counts as one.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { ControlClient } from '../../bridge/control/contract.js'
import { readPastedToken } from '../src/api/control-token.js'
import { createHttpClient, type HttpClientOptions } from '../src/api/http-client.js'
import { BrowserGate } from '../src/browser-gate.js'
import { createFakeClient } from '../src/test/fake-client.js'
import './helpers.js'

const ORIGIN = 'http://127.0.0.1:8787'
const GOOD = 'sbc-good-token'

/** The gateway as the gate sees it: GOOD opens the (in-memory) control API, any other token is refused with 401. */
function gateway() {
  const made: HttpClientOptions[] = []
  const refuse = vi.fn(async () =>
    Response.json({ error: { code: 'unauthorized', message: 'needs the token' } }, { status: 401 }),
  )
  const makeClient = (options: HttpClientOptions): ControlClient => {
    made.push(options)
    return options.token === GOOD
      ? createFakeClient()
      : createHttpClient({ ...options, fetch: refuse, retryMs: 60_000 })
  }
  const storage = { setItem: vi.fn() }
  const navigate = vi.fn()
  return { made, makeClient, storage, navigate }
}

function mount(initialToken: string | undefined, g = gateway()) {
  render(
    <BrowserGate
      initialToken={initialToken}
      makeClient={g.makeClient}
      storage={g.storage}
      origin={ORIGIN}
      navigate={g.navigate}
    />,
  )
  return g
}

const paste = (text: string) => {
  fireEvent.change(screen.getByLabelText('Link or control token'), { target: { value: text } })
  fireEvent.click(screen.getByRole('button', { name: 'Open' }))
}

describe('the token page', () => {
  it('without a token says how to open the UI and calls nothing', () => {
    const g = mount(undefined)
    expect(screen.getByRole('heading', { name: 'Open Switchboard with its link' })).toBeTruthy()
    expect(screen.getByText('No token in this tab')).toBeTruthy()
    expect(screen.getByText(`${ORIGIN}/ui/#token=…`)).toBeTruthy()
    expect(screen.getAllByText('switchboard serve').length).toBeGreaterThan(0)
    expect(g.made).toEqual([])
  })

  it('with a token the gateway refuses says the link has expired', async () => {
    mount('sbc-from-an-earlier-run')
    await screen.findByRole('heading', { name: 'This link has expired' })
    expect(screen.getByText('Token refused')).toBeTruthy()
    expect(screen.queryByText('No token in this tab')).toBeNull()
  })

  it('turns to the refused page when the gateway stops accepting the token mid-session', async () => {
    const g = mount(GOOD)
    await screen.findByRole('navigation', { name: 'Main' })
    act(() => g.made[0]?.onUnauthorized?.())
    await screen.findByRole('heading', { name: 'This link has expired' })
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull()
  })

  it('checks a pasted token before keeping it: a refused one is said in place, the right link opens the app', async () => {
    const g = mount(undefined)
    paste('sbc-wrong')
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The gateway refused this token',
    )
    expect(g.storage.setItem).not.toHaveBeenCalled()
    expect(screen.getByLabelText('Link or control token').getAttribute('aria-invalid')).toBe('true')

    paste(`  web UI: ${ORIGIN}/ui/#token=${GOOD}\n`)
    await screen.findByRole('navigation', { name: 'Main' })
    expect(g.storage.setItem).toHaveBeenCalledWith('switchboard.controlToken', GOOD)
  })

  it('opens a pasted link to another gateway there', async () => {
    const g = mount(undefined)
    paste(`http://127.0.0.1:9999/ui/#token=${GOOD}`)
    await waitFor(() =>
      expect(g.navigate).toHaveBeenCalledWith(`http://127.0.0.1:9999/ui/#token=${GOOD}`),
    )
  })
})

describe('readPastedToken', () => {
  it('reads the link, its older query form, the printed line, or the token alone', () => {
    expect(readPastedToken(`${ORIGIN}/ui/#token=abc`, ORIGIN)).toEqual({
      kind: 'token',
      token: 'abc',
    })
    expect(readPastedToken(`${ORIGIN}/ui?token=abc`, ORIGIN)).toEqual({
      kind: 'token',
      token: 'abc',
    })
    expect(readPastedToken(`web UI: ${ORIGIN}/ui/#token=abc`, ORIGIN)).toEqual({
      kind: 'token',
      token: 'abc',
    })
    expect(readPastedToken(' sbc-abc \n', ORIGIN)).toEqual({ kind: 'token', token: 'sbc-abc' })
    expect(readPastedToken('http://localhost:1/ui/#token=abc', ORIGIN)).toEqual({
      kind: 'elsewhere',
      url: 'http://localhost:1/ui/#token=abc',
    })
  })

  it('says what is wrong with anything else', () => {
    expect(readPastedToken('', ORIGIN)).toMatchObject({ kind: 'invalid' })
    expect(readPastedToken(`${ORIGIN}/ui/`, ORIGIN)).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('no token'),
    })
    expect(readPastedToken('two words', ORIGIN)).toMatchObject({ kind: 'invalid' })
  })
})
