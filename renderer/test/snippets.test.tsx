// @vitest-environment jsdom
// Snippets: every snippet (or each of its blocks) copied verbatim, the key masked on screen until revealed.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { SnippetsPage } from '../src/pages/snippets-page.js'
import { clipboard, renderWith } from './helpers.js'

describe('Snippets', () => {
  it('copies each snippet, or each block of a split one, exactly', async () => {
    const { fake } = renderWith(<SnippetsPage />)
    await screen.findByRole('button', { name: 'Copy Claude Code snippet' })
    const expected = await fake.snippets()
    const copies: string[] = []
    for (const s of expected) {
      for (const b of s.blocks ?? [{ title: '', text: s.text }]) {
        const name = s.blocks ? `Copy ${s.title}: ${b.title}` : `Copy ${s.title} snippet`
        fireEvent.click(await screen.findByRole('button', { name }))
        await waitFor(() => expect(clipboard.writes.at(-1)).toBe(b.text))
        copies.push(b.text)
      }
    }
    expect(clipboard.writes).toEqual(copies)
    // Codex's config.toml block is TOML alone, so it can be pasted into the file.
    const codex = expected.find((s) => s.id === 'codex')
    expect(codex?.blocks?.[0]?.text).not.toContain('export')
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(
      expected.map((s) => s.title),
    )
  })

  it('masks the access key on screen until asked, and copies it in full either way', async () => {
    const { fake } = renderWith(<SnippetsPage />)
    const key = fake.state.gateway.accessKey
    await screen.findByRole('button', { name: 'Copy Claude Code snippet' })
    await waitFor(() => expect(document.body.textContent).toContain(`${key.slice(0, 4)}••••`))
    expect(document.body.textContent).not.toContain(key)
    fireEvent.click(screen.getByRole('button', { name: 'Copy Claude Code snippet' }))
    await waitFor(() => expect(clipboard.writes.at(-1)).toContain(key))
    fireEvent.click(screen.getByRole('button', { name: 'Show the key' }))
    expect(document.body.textContent).toContain(key)
  })
})
