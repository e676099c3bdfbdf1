// Test helper: posts to a fake with fetch and splits the raw SSE body into frames, independently of any SDK.

export interface RawFrame {
  event?: string
  data: string
}

export interface RawReply {
  status: number
  headers: Headers
  text: string
  frames: RawFrame[]
}

/** Parsed JSON of each frame's data, skipping `[DONE]`. */
export function payloads(reply: RawReply): Record<string, unknown>[] {
  return reply.frames
    .filter((f) => f.data !== '[DONE]')
    .map((f) => JSON.parse(f.data) as Record<string, unknown>)
}

export async function rawPost(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<RawReply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, frames: splitFrames(text) }
}

export function splitFrames(text: string): RawFrame[] {
  const frames: RawFrame[] = []
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue
    const frame: RawFrame = { data: '' }
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) frame.event = line.slice('event: '.length)
      else if (line.startsWith('data: ')) data.push(line.slice('data: '.length))
    }
    frame.data = data.join('\n')
    frames.push(frame)
  }
  return frames
}
