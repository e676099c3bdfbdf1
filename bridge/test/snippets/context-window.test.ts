// The Claude snippet tells Claude Code the real window when its families reach GPT models, and only then.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import {
  CLAUDE_WINDOW_ENV,
  claudeContextWindow,
  mappedFamilyModels,
} from '../../snippets/context-window.js'
import { snippet } from '../../snippets/snippets.js'

const base = { baseUrl: 'http://127.0.0.1:8787', accessKey: 'sb-key' }

describe('Claude Code context window in the claude snippet', () => {
  it('ChatGPT by default: the families map to gpt-5.6 models and the window is 272k', () => {
    const settings = defaultSettings()
    expect(mappedFamilyModels(settings)).toEqual(['gpt-5.6-luna', 'gpt-5.6-terra', 'gpt-5.6-sol'])
    expect(claudeContextWindow(settings)).toBe(272_000)
  })

  it('takes the smallest window when the families map to different models', () => {
    const settings = defaultSettings()
    settings.routing.families = { haiku: 'gpt-4o', sonnet: 'gpt-4.1', opus: 'gpt-5.5' }
    expect(claudeContextWindow(settings)).toBe(128_000)
  })

  it('says nothing when the families stay on Claude models (an Anthropic upstream)', () => {
    const settings = defaultSettings()
    settings.providers.push({ id: 'ant', kind: 'anthropic', baseUrl: 'http://127.0.0.1:1' })
    settings.defaultProvider = 'ant'
    expect(claudeContextWindow(settings)).toBeUndefined()
  })

  it('the snippet exports the variable, and a shell running it hands it to claude', () => {
    const text = snippet('claude', { ...base, contextWindow: 272_000 })
    const script = text
      .split('\n')
      .filter((l) => l.startsWith('export '))
      .join('\n')
    const out = execFileSync('sh', ['-c', `${script}\nprintf %s "$${CLAUDE_WINDOW_ENV}"`], {
      encoding: 'utf8',
    })
    expect(out).toBe('272000')
    expect(text).toContain(`sbclaude() { ANTHROPIC_BASE_URL=`)
    expect(text).toContain(`${CLAUDE_WINDOW_ENV}=272000 claude "$@"; }`)
    expect(snippet('claude', base)).not.toContain(CLAUDE_WINDOW_ENV)
  })
})
