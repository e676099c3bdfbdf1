// Starts the fake OAuth issuer and the fake Codex backend, wired so the backend accepts the issuer's
// tokens: for trying `switchboard login` and real clients against the ChatGPT path by hand.
import { startFakeCodexBackend } from '../bridge/test/fakes/fake-codex-backend.js'
import { startFakeIssuer } from '../bridge/test/fakes/fake-issuer.js'

const backend = await startFakeCodexBackend({ accountId: '11111111-2222-4333-8444-555555555555' })
const issuer = await startFakeIssuer({ onAccessToken: (t) => backend.setValidToken(t) })
process.stdout.write(JSON.stringify({ issuer: issuer.url, backend: backend.baseUrl }) + '\n')
process.on(
  'SIGTERM',
  () => void Promise.all([backend.close(), issuer.close()]).then(() => process.exit(0)),
)
