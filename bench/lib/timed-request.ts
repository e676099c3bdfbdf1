// One HTTP request with its time to first body byte and total time, over a keep-alive agent.
import http from 'node:http'

export interface Timing {
  status: number
  ttfbMs: number
  totalMs: number
  /** `process.hrtime.bigint()` at the first body byte (0n if none): the clock the fakes stamp their writes with. */
  firstByteAt: bigint
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
        let firstByteAt = 0n
        let bytes = 0
        res.on('data', (chunk: Buffer) => {
          if (Number.isNaN(ttfb)) {
            firstByteAt = process.hrtime.bigint()
            ttfb = Number(firstByteAt - start) / 1e6
          }
          bytes += chunk.length
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ttfbMs: ttfb,
            totalMs: elapsed(),
            firstByteAt,
            bytes,
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}
