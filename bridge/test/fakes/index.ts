// Entry point for the fake upstreams: start one dialect or all three at once.
import { startFakeAnthropic } from './fake-anthropic.js'
import { startFakeChat } from './fake-chat.js'
import { startFakeResponses } from './fake-responses.js'
import type { FakeOptions, FakeServer } from './http-harness.js'

export { startFakeAnthropic } from './fake-anthropic.js'
export { startFakeChat } from './fake-chat.js'
export { startFakeResponses } from './fake-responses.js'
export { DEFAULT_FAKE_KEY } from './http-harness.js'
export type { FakeOptions, FakeServer, RecordedRequest } from './http-harness.js'
export { SCENARIO_HEADER, parseScenario } from './scenario.js'
export type { Scenario } from './scenario.js'
export { REASONING_TEXT, doneText, helloText } from './scripted-reply.js'
export type { FakeDialect } from './scripted-reply.js'

export interface AllFakes {
  anthropic: FakeServer
  responses: FakeServer
  chat: FakeServer
  close(): Promise<void>
}

export async function startAllFakes(options?: FakeOptions): Promise<AllFakes> {
  const [anthropic, responses, chat] = await Promise.all([
    startFakeAnthropic(options),
    startFakeResponses(options),
    startFakeChat(options),
  ])
  return {
    anthropic,
    responses,
    chat,
    close: async () => {
      await Promise.all([anthropic.close(), responses.close(), chat.close()])
    },
  }
}
