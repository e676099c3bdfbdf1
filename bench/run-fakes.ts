// Starts the three fake upstreams and prints their URLs (for the bench, and for trying real clients by hand), and
// a probe the bench asks when each stream's first event was written: `POST /first-frames` with a JSON list of
// model names answers the `process.hrtime.bigint()` each was stamped with (as text; null if none).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startAllFakes } from '../bridge/test/fakes/index.js'
import type { RecordedRequest } from '../bridge/test/fakes/index.js'

const fakes = await startAllFakes()
const all = [fakes.anthropic, fakes.responses, fakes.chat]

const modelOf = (record: RecordedRequest): unknown =>
  typeof record.body === 'object' && record.body !== null
    ? (record.body as { model?: unknown }).model
    : undefined

/** The newest request for `model` (the bench names each probed request uniquely and asks right after it). */
function firstFrameOf(model: string): string | null {
  for (const fake of all)
    for (let i = fake.requests.length - 1; i >= 0; i--) {
      const record = fake.requests[i]
      if (record !== undefined && modelOf(record) === model)
        return record.firstFrameAt === undefined ? null : String(record.firstFrameAt)
    }
  return null
}

const probe = createServer((req, res) => {
  let body = ''
  req.setEncoding('utf8')
  req.on('data', (chunk: string) => (body += chunk))
  req.on('end', () => {
    let models: unknown
    try {
      models = JSON.parse(body)
    } catch {
      models = undefined
    }
    if (req.url !== '/first-frames' || !Array.isArray(models)) {
      res.writeHead(400).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(models.map((m) => (typeof m === 'string' ? firstFrameOf(m) : null))))
  })
})
await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))

process.stdout.write(
  JSON.stringify({
    anthropic: fakes.anthropic.url,
    responses: fakes.responses.url,
    chat: fakes.chat.url,
    key: fakes.chat.apiKey,
    probe: `http://127.0.0.1:${(probe.address() as AddressInfo).port}`,
  }) + '\n',
)
process.on('SIGTERM', () => void fakes.close().then(() => process.exit(0)))
