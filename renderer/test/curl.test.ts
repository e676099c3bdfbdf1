// "Copy as curl" command text.
import { describe, expect, it } from 'vitest'
import { curlCommand } from '../src/log/curl.js'
import { sampleEntries } from '../src/test/fixtures.js'

describe('curlCommand', () => {
  it('replays the client request against the gateway with the key from the environment', () => {
    const [entry] = sampleEntries(0)
    if (!entry) throw new Error('fixture')
    const cmd = curlCommand(
      { ...entry, clientRequest: `{"text":"it's"}` },
      'http://127.0.0.1:8787/',
    )
    expect(cmd.split(' \\\n  ')).toEqual([
      "curl -N -X POST 'http://127.0.0.1:8787/v1/messages'",
      '-H "Authorization: Bearer $SWITCHBOARD_API_KEY"',
      "-H 'anthropic-version: 2023-06-01'",
      "-H 'content-type: application/json'",
      `--data-raw '{"text":"it'\\''s"}'`,
    ])
    expect(cmd).not.toContain('x-api-key')
  })

  it('has no body flag when the body was not captured', () => {
    const [entry] = sampleEntries(0)
    if (!entry) throw new Error('fixture')
    const { clientRequest: _body, requestHeaders: _h, ...rest } = entry
    const cmd = curlCommand({ ...rest, stream: false }, 'http://localhost:9000')
    expect(cmd).toBe(
      `curl -X POST 'http://localhost:9000/v1/messages' \\\n  -H "Authorization: Bearer $SWITCHBOARD_API_KEY"`,
    )
  })
})
