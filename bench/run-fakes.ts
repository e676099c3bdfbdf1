// Starts the three fake upstreams and prints their URLs: for trying real clients against the gateway by hand.
import { startAllFakes } from '../bridge/test/fakes/index.js'

const fakes = await startAllFakes()
process.stdout.write(
  JSON.stringify({
    anthropic: fakes.anthropic.url,
    responses: fakes.responses.url,
    chat: fakes.chat.url,
    key: fakes.chat.apiKey,
  }) + '\n',
)
process.on('SIGTERM', () => void fakes.close().then(() => process.exit(0)))
