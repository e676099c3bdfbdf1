// @vitest-environment jsdom
// Snippets: every snippet listed and copied verbatim.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { SnippetsPage } from '../src/pages/snippets-page.js'
import { clipboard, renderWith } from './helpers.js'

describe('Snippets', () => {
  it('shows every snippet and copies each one exactly', async () => {
    const { fake } = renderWith(<SnippetsPage />)
    await screen.findByRole('button', { name: 'Copy Claude Code snippet' })
    const expected = await fake.snippets()
    for (const s of expected) {
      const button = await screen.findByRole('button', { name: `Copy ${s.title} snippet` })
      fireEvent.click(button)
      await waitFor(() => expect(clipboard.writes.at(-1)).toBe(s.text))
    }
    expect(clipboard.writes).toHaveLength(expected.length)
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(expected.map((s) => s.title))
  })
})
