// The model-name glob matcher: *, ?, case-insensitive, anchored.
import { describe, expect, it } from 'vitest'
import { isGlob, matchGlob } from '../../routing/glob.js'

describe('matchGlob', () => {
  it.each([
    ['claude-*', 'claude-sonnet-4-5', true],
    ['claude-*', 'xclaude-sonnet', false],
    ['*haiku*', 'claude-haiku-4-5-20251001', true],
    ['claude-*haiku*', 'claude-3-5-haiku-latest', true],
    ['claude-*haiku*', 'claude-sonnet-4-5', false],
    ['gpt-5.?', 'gpt-5.5', true],
    ['gpt-5.?', 'gpt-5.55', false],
    ['gpt-5.?', 'gpt-5.', false],
    ['GPT-*', 'gpt-5.5', true],
    ['gpt-5.5', 'GPT-5.5', true],
    ['gpt-5.5', 'gpt-5.5-mini', false],
    ['gpt-5.5', 'xgpt-5.5', false],
    ['*', '', true],
    ['*', 'anything', true],
    ['', '', true],
    ['', 'a', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbYcZ', false],
    ['a**b', 'ab', true],
    ['*a*a*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
    ['claude-opus-4-6[1m]', 'claude-opus-4-6[1m]', true],
    ['model.(x)+', 'model.(x)+', true],
    ['model.(x)+', 'modelX(x)+', false],
    ['é*', 'É-model', true],
  ])('%s vs %s → %s', (pattern, text, expected) => {
    expect(matchGlob(pattern, text)).toBe(expected)
  })

  it('recognises globs', () => {
    expect(isGlob('claude-*')).toBe(true)
    expect(isGlob('gpt-5.?')).toBe(true)
    expect(isGlob('gpt-5.5')).toBe(false)
  })
})
