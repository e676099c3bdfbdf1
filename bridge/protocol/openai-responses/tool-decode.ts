// Responses tool definitions → canonical tools: `tools` entries and the tools of `additional_tools` input items.
import { invalidRequest } from '../canonical/errors.js'
import type { CanonicalTool } from '../canonical/request.js'
import type { Obj } from './read.js'
import { asArr, asBool, asObj, asStr, toJsonObject } from './read.js'

export function decodeTool(value: unknown, at: string): CanonicalTool {
  const tool = asObj(value)
  if (!tool) throw invalidRequest(`${at} must be an object.`, at)
  const type = asStr(tool['type'])
  if (type === undefined) throw invalidRequest(`${at}.type is required.`, `${at}.type`)
  const name = asStr(tool['name'])
  const description = asStr(tool['description'])
  if (type === 'function' || type === 'custom') {
    if (!name) throw invalidRequest(`${at}.name must be a non-empty string.`, `${at}.name`)
  }
  if (type === 'function') {
    const params = tool['parameters']
    if (params !== undefined && params !== null && !asObj(params)) {
      throw invalidRequest(`${at}.parameters must be an object.`, `${at}.parameters`)
    }
    const out: CanonicalTool = {
      kind: 'function',
      name: name ?? '',
      parameters: asObj(params) ? toJsonObject(params as Obj) : { type: 'object', properties: {} },
    }
    if (description !== undefined) out.description = description
    const strict = asBool(tool['strict'])
    if (strict !== undefined) out.strict = strict
    return out
  }
  if (type === 'custom') {
    const out: CanonicalTool = { kind: 'custom', name: name ?? '' }
    if (description !== undefined) out.description = description
    const format = asObj(tool['format'])
    if (format?.['type'] === 'text') out.format = { type: 'text' }
    else if (format?.['type'] === 'grammar') {
      out.format = {
        type: 'grammar',
        syntax: asStr(format['syntax']) ?? 'lark',
        definition: asStr(format['definition']) ?? '',
      }
    }
    return out
  }
  const builtin: CanonicalTool = {
    kind: 'builtin',
    type,
    dialect: 'openai-responses',
    raw: toJsonObject(tool),
  }
  if (name !== undefined) builtin.name = name
  if (type === 'namespace') builtin.members = namespaceMembers(tool, at)
  return builtin
}

/**
 * A `namespace` tool's members (Codex groups its tools as `functions`, `clock`, `collaboration`,
 * `multi_agent_v1`…), which the model calls by their own names; each keeps its namespace, which a call to it
 * carries back to the client.
 */
function namespaceMembers(tool: Obj, at: string): CanonicalTool[] {
  const namespace = asStr(tool['name'])
  if (!namespace) throw invalidRequest(`${at}.name must be a non-empty string.`, `${at}.name`)
  const members = asArr(tool['tools'])
  if (!members) throw invalidRequest(`${at}.tools must be an array.`, `${at}.tools`)
  return members.map((m, j) => {
    const member = decodeTool(m, `${at}.tools[${j}]`)
    return member.kind === 'builtin' ? member : { ...member, namespace }
  })
}

/** An `additional_tools` item's tools, flattened: a `namespace` contributes its members (see namespaceMembers). */
export function decodeAdditionalTools(item: Obj, at: string): CanonicalTool[] {
  const tools = asArr(item['tools'])
  if (!tools) throw invalidRequest(`${at}.tools must be an array.`, `${at}.tools`)
  return tools.flatMap((value, i) => {
    const tool = decodeTool(value, `${at}.tools[${i}]`)
    return tool.kind === 'builtin' && tool.members ? tool.members : [tool]
  })
}
