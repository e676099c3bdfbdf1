// One HTTP request with its time to first body byte and total time, over a keep-alive agent.
import http from 'node:http'

export interface Timing {
  status: number
  ttfbMs: number
  totalMs: number
  bytes: number
}

export const agent = new http.Agent({ keepAlive: true, maxSockets: 512 })

export function timedRequest(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<Timing> {
  const start = process.hrtime.bigint()
  const elapsed = (): number => Number(process.hrtime.bigint() - start) / 1e6
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          ...headers,
        },
      },
      (res) => {
        let ttfb = NaN
        let bytes = 0
        res.on('data', (chunk: Buffer) => {
          if (Number.isNaN(ttfb)) ttfb = elapsed()
          bytes += chunk.length
        })
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ttfbMs: ttfb, totalMs: elapsed(), bytes }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}
