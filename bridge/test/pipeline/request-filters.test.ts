// Request filters drop what the upstream cannot take, each with a named note.
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../config/defaults.js'
import { filterCanonical, filterRaw } from '../../pipeline/request-filters.js'
import type { CanonicalRequest } from '../../protocol/canonical/request.js'
import type { JsonObject } from '../../protocol/canonical/json.js'

function request(): CanonicalRequest {
  return {
    model: 'm',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    tools: [
      { kind: 'function', name: 'exec_command', parameters: { type: 'object' } },
      { kind: 'custom', name: 'apply_patch', format: { type: 'text' } },
      {
        kind: 'builtin',
        type: 'web_search',
        dialect: 'openai-responses',
        raw: { type: 'web_search' },
      },
    ],
    toolChoice: { name: 'apply_patch' },
    temperature: 0.2,
    stream: true,
    extras: { dialect: 'openai-responses', fields: { store: false } },
  }
}

describe('request filters', () => {
  it('drops tool types and parameters by name, with a note each', () => {
    const filters = {
      ...defaultSettings().filters,
      dropToolTypes: ['web_search'],
      dropParams: ['temperature', 'store'],
    }
    const req = request()
    const notes = filterCanonical(req, filters, 'openai-chat')
    expect(req.tools.map((t) => (t.kind === 'builtin' ? t.type : t.name))).toEqual([
      'exec_command',
      'apply_patch',
    ])
    expect(req.temperature).toBeUndefined()
    expect(req.extras.fields).toEqual({})
    expect(notes.map((n) => n.code)).toEqual([
      'filter_tool_dropped',
      'filter_param_dropped',
      'filter_param_dropped',
    ])
  })

  it('keeps freeform tools for conversion by default, drops them when conversion is off (non-Responses upstreams)', () => {
    const on = request()
    filterCanonical(on, defaultSettings().filters, 'anthropic-messages')
    expect(on.tools.some((t) => t.kind === 'custom')).toBe(true)
    const off = request()
    const notes = filterCanonical(
      off,
      { ...defaultSettings().filters, convertCustomTools: false },
      'anthropic-messages',
    )
    expect(off.tools.some((t) => t.kind === 'custom')).toBe(false)
    expect(off.toolChoice).toBe('auto')
    expect(notes[0]?.code).toBe('filter_custom_tool_dropped')
    const responses = request()
    filterCanonical(
      responses,
      { ...defaultSettings().filters, convertCustomTools: false },
      'openai-responses',
    )
    expect(responses.tools.some((t) => t.kind === 'custom')).toBe(true)
  })

  it('filters a raw passthrough body the same way', () => {
    const body: JsonObject = {
      model: 'm',
      temperature: 1,
      tools: [
        { type: 'function', name: 'a' },
        { type: 'web_search_preview' },
        { type: 'local_shell' },
      ],
    }
    const notes = filterRaw(body, {
      ...defaultSettings().filters,
      dropToolTypes: ['web_search', 'local_shell'],
      dropParams: ['temperature'],
    })
    expect(body).toEqual({ model: 'm', tools: [{ type: 'function', name: 'a' }] })
    expect(notes).toHaveLength(3)
  })
})

describe('filter notes name only what was really removed', () => {
  it('a parameter filter on a request without that parameter removes nothing and notes nothing', () => {
    const filters = {
      ...defaultSettings().filters,
      dropParams: ['temperature', 'top_p', 'store', 'metadata'],
    }
    const req = request()
    delete req.temperature
    req.extras.fields = {}
    expect(filterCanonical(req, filters, 'openai-chat')).toEqual([])
  })

  it('notes each parameter that was there, once', () => {
    const filters = { ...defaultSettings().filters, dropParams: ['temperature', 'top_p', 'store'] }
    const notes = filterCanonical(request(), filters, 'openai-chat')
    expect(notes.map((n) => n.message)).toEqual([
      'Dropped parameter temperature by filter.',
      'Dropped parameter store by filter.',
    ])
  })
})
