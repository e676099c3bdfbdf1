// Data URLs, as the OpenAI dialects carry inline images and files: `data:<media type>;base64,<data>`.
import type { FilePart, ImagePart } from './request.js'

/** Splits `data:<media type>;base64,<data>`; anything else (http URLs, non-base64 data URLs) is not split. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]*)(?:;[^,]*)?;base64,(.*)$/s.exec(url)
  if (!match) return undefined
  return { mediaType: match[1] || 'application/octet-stream', data: match[2] ?? '' }
}

export function dataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`
}

/** An image URL as a canonical source: inline base64 when it is a data URL, a link otherwise. */
export function imageSource(url: string): ImagePart['source'] {
  const data = parseDataUrl(url)
  return data
    ? { kind: 'base64', mediaType: data.mediaType, data: data.data }
    : { kind: 'url', url }
}

/** A `file_data` value: a data URL split into media type and data, or bare base64 kept as it is. */
export function fileData(value: string): Pick<FilePart, 'mediaType' | 'data'> {
  const parsed = parseDataUrl(value)
  return parsed ? { mediaType: parsed.mediaType, data: parsed.data } : { data: value }
}
