// The contents of Responses input items: message content parts and tool outputs → canonical parts, with our own
// marker for failed tool results read back (the items themselves: input-decode.ts).
import { invalidRequest } from '../canonical/errors.js'
import { fileData, imageSource } from '../canonical/data-url.js'
import { shown } from '../canonical/json.js'
import type { FilePart, ImagePart, TextPart, ToolResultContent } from '../canonical/request.js'
import { TOOL_ERROR_PREFIX } from '../canonical/request.js'
import type { Obj } from './read.js'
import { asArr, asObj, asStr } from './read.js'

export function requireStr(item: Obj, key: string, at: string): string {
  const value = asStr(item[key])
  if (value === undefined) throw invalidRequest(`${at}.${key} must be a string.`, `${at}.${key}`)
  return value
}

function decodeImage(part: Obj, at: string): ImagePart {
  const url = asStr(part['image_url'])
  const fileId = asStr(part['file_id'])
  const detail = asStr(part['detail'])
  let image: ImagePart
  if (url !== undefined) {
    image = { type: 'image', source: imageSource(url) }
  } else if (fileId !== undefined) {
    image = { type: 'image', source: { kind: 'file_id', fileId } }
  } else {
    throw invalidRequest(`${at} needs image_url or file_id.`, `${at}.image_url`)
  }
  if (detail === 'auto' || detail === 'low' || detail === 'high' || detail === 'original')
    image.detail = detail
  return image
}

function decodeFile(part: Obj, at: string): FilePart {
  const file: FilePart = { type: 'file' }
  const data = asStr(part['file_data'])
  if (data !== undefined) Object.assign(file, fileData(data))
  const url = asStr(part['file_url'])
  if (url !== undefined) file.url = url
  const fileId = asStr(part['file_id'])
  if (fileId !== undefined) file.fileId = fileId
  const filename = asStr(part['filename'])
  if (filename !== undefined) file.filename = filename
  if (file.data === undefined && file.url === undefined && file.fileId === undefined) {
    throw invalidRequest(`${at} needs file_data, file_url or file_id.`, `${at}.file_data`)
  }
  return file
}

type ContentPart = TextPart | ImagePart | FilePart | { type: 'refusal'; text: string }

function decodeContentPart(value: unknown, at: string): ContentPart {
  const part = asObj(value)
  if (!part) throw invalidRequest(`${at} must be an object.`, at)
  const type = asStr(part['type']) ?? ''
  switch (type) {
    case 'input_text':
    case 'output_text':
    case 'text':
      return { type: 'text', text: requireStr(part, 'text', at) }
    case 'refusal':
      return { type: 'refusal', text: requireStr(part, 'refusal', at) }
    case 'input_image':
      return decodeImage(part, at)
    case 'input_file':
      return decodeFile(part, at)
    default:
      throw invalidRequest(`${at}.type '${shown(part['type'])}' is not supported.`, `${at}.type`)
  }
}

export function decodeContent(value: unknown, at: string): ContentPart[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }]
  const parts = asArr(value)
  if (!parts) throw invalidRequest(`${at}.content must be a string or an array.`, `${at}.content`)
  return parts.map((p, j) => decodeContentPart(p, `${at}.content[${j}]`))
}

export function toolOutput(value: unknown, at: string): ToolResultContent[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }]
  const parts = asArr(value)
  if (!parts) throw invalidRequest(`${at}.output must be a string or an array.`, `${at}.output`)
  return parts.map((p, j) => {
    const part = decodeContentPart(p, `${at}.output[${j}]`)
    return part.type === 'refusal' ? { type: 'text', text: part.text } : part
  })
}

/** Our own marker for failed tool results (input-encode adds it, as Chat's does); reading it back restores `isError`. */
export function readErrorMarker(content: ToolResultContent[]): {
  content: ToolResultContent[]
  isError: boolean
} {
  const first = content[0]
  if (first?.type !== 'text' || !first.text.startsWith(TOOL_ERROR_PREFIX.trimEnd()))
    return { content, isError: false }
  if (first.text === TOOL_ERROR_PREFIX.trimEnd())
    return { content: content.slice(1), isError: true }
  if (!first.text.startsWith(TOOL_ERROR_PREFIX)) return { content, isError: false }
  return {
    content: [
      { type: 'text', text: first.text.slice(TOOL_ERROR_PREFIX.length) },
      ...content.slice(1),
    ],
    isError: true,
  }
}
