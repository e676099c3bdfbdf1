// Sample data for renderer tests and the fake-backed dev page: settings, account, and log exchanges.
import type { AuthStatus } from '../../../bridge/control/contract/accounts.js'
import type { ExchangeEntry, LoggedFrame } from '../../../bridge/control/contract/exchange.js'
import type { GatewayStatus } from '../../../bridge/control/contract/gateway-status.js'
import type { UsageHistory, UsageRow } from '../../../bridge/control/contract/usage-history.js'
import type { Settings } from '../../../bridge/config/schema.js'

export const ACCESS_KEY = 'sb-3f9a2c7d8e1b4a6f9c0d2e5b7a1c3e8f'

export function sampleSettings(): Settings {
  return {
    version: 1,
    server: {
      host: '127.0.0.1',
      port: 8787,
      allowNonLoopback: false,
      allowedHosts: [],
      allowedOrigins: [],
      bodyLimitMb: 50,
      httpShutdown: false,
    },
    providers: [
      { id: 'chatgpt', kind: 'chatgpt', baseUrl: 'https://chatgpt.com/backend-api/codex' },
      {
        id: 'openrouter',
        kind: 'openai-chat',
        baseUrl: 'https://openrouter.ai/api/v1',
        apiKeySecret: 'provider:openrouter',
        headers: { 'HTTP-Referer': 'https://switchboard.local' },
        chatReasoningField: 'reasoning',
      },
      {
        id: 'anthropic',
        kind: 'anthropic',
        baseUrl: 'https://api.anthropic.com',
        apiKeyEnv: 'ANTHROPIC_API_KEY',
      },
    ],
    defaultProvider: 'chatgpt',
    routing: {
      rules: [
        { match: 'claude-*haiku*', provider: 'chatgpt', model: 'gpt-5.4-mini', effort: 'low' },
        { match: 'claude-*', provider: 'chatgpt', model: 'gpt-5.5', effort: 'high' },
        { match: 'qwen*', provider: 'openrouter', model: 'qwen/qwen3-coder' },
      ],
      families: { opus: 'gpt-5.5' },
      passthrough: false,
    },
    forwardHeaders: ['openai-organization', 'openai-project', 'x-codex-turn-state'],
    filters: {
      dropToolTypes: ['web_search'],
      dropParams: ['prompt_cache_key'],
      convertCustomTools: true,
    },
    log: { maxEntries: 2000, captureBodies: true, maxBodyBytes: 262_144 },
    stream: { idleTimeoutMs: 120_000, keepaliveMs: 15_000 },
    responseStore: { enabled: true, maxResponses: 1000, maxMb: 64, ttlHours: 24, persist: false },
    ui: { theme: 'system', launchAtLogin: false },
  }
}

export function sampleGateway(): GatewayStatus {
  return {
    state: 'running',
    url: 'http://127.0.0.1:8787',
    host: '127.0.0.1',
    port: 8787,
    version: '0.1.0',
    accessKey: ACCESS_KEY,
    notices: [],
  }
}

export function sampleAuth(now = Date.now()): AuthStatus {
  return {
    signedIn: true,
    state: 'active',
    email: 'ada@example.com',
    plan: 'Plus',
    accountId: 'acct_7d1c9e',
    expiresAt: new Date(now + 6 * 86_400_000).toISOString(),
    usage: {
      primary: {
        usedPercent: 42,
        windowMinutes: 300,
        resetsAt: new Date(now + 2 * 3_600_000 + 13 * 60_000).toISOString(),
      },
      secondary: {
        usedPercent: 18,
        windowMinutes: 10_080,
        resetsAt: new Date(now + 4 * 86_400_000).toISOString(),
      },
      updatedAt: new Date(now - 60_000).toISOString(),
    },
  }
}

/** A pool of three: one serving with a forecast, one limited, one whose sign-in ended. */
export function samplePool(now = Date.now()): AuthStatus {
  const iso = (ms: number) => new Date(now + ms).toISOString()
  const H = 3_600_000
  return {
    ...sampleAuth(now),
    accounts: [
      {
        id: 'acct-work',
        email: 'work@example.com',
        plan: 'pro',
        state: 'ready',
        servesNext: true,
        usage: {
          primary: {
            usedPercent: 64,
            windowMinutes: 300,
            resetsAt: iso(2 * H),
            runsOutAt: iso(H),
            percentPerHour: 36,
          },
          secondary: { usedPercent: 22, windowMinutes: 10_080, resetsAt: iso(80 * H) },
          updatedAt: iso(-60_000),
        },
      },
      {
        id: 'acct-home',
        email: 'home@example.com',
        plan: 'plus',
        state: 'limited',
        limitedUntil: iso(3 * H),
        reserve: true,
        usage: {
          primary: { usedPercent: 100, windowMinutes: 300, resetsAt: iso(3 * H) },
          secondary: { usedPercent: 71, windowMinutes: 10_080, resetsAt: iso(100 * H) },
        },
      },
      {
        id: 'acct-old',
        email: 'old@example.com',
        plan: null,
        state: 'needs sign-in',
        message: 'Sign in again with `switchboard login`.',
      },
    ],
  }
}

const MESSAGES_REQUEST = JSON.stringify({
  model: 'claude-sonnet-4-5',
  max_tokens: 32000,
  stream: true,
  system: [{ type: 'text', text: 'You are Claude Code.' }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'List the files in src/' }] }],
})

const RESPONSES_REQUEST = JSON.stringify({
  model: 'gpt-5.5',
  stream: true,
  reasoning: { effort: 'high', summary: 'auto' },
  input: [
    {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: 'List the files in src/' }],
    },
  ],
})

/** A frame as the gateway logs it: text, size and event type. */
export function frame(t: number, side: LoggedFrame['side'], data: string): LoggedFrame {
  const event = /"(?:type|object)":"([^"]+)"/.exec(data)?.[1]
  return { t, side, bytes: data.length, ...(event ? { event } : {}), data }
}

function frames(): LoggedFrame[] {
  return [
    frame(
      412,
      'upstream',
      '{"type":"response.created","response":{"id":"resp_1","status":"in_progress"}}',
    ),
    frame(
      418,
      'client',
      '{"type":"message_start","message":{"id":"msg_1","model":"claude-sonnet-4-5","usage":{"input_tokens":0}}}',
    ),
    frame(530, 'upstream', '{"type":"response.output_text.delta","delta":"Here are"}'),
    frame(
      531,
      'client',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Here are"}}',
    ),
    frame(
      640,
      'upstream',
      '{"type":"response.function_call_arguments.delta","delta":"{\\"path\\":\\"src/\\"}"}',
    ),
    frame(
      642,
      'client',
      '{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"path\\":\\"src/\\"}"}}',
    ),
    frame(
      902,
      'upstream',
      '{"type":"response.completed","response":{"usage":{"input_tokens":1840,"output_tokens":212}}}',
    ),
    frame(905, 'client', '{"type":"message_stop"}'),
  ]
}

export function sampleEntries(now = Date.now()): ExchangeEntry[] {
  return [
    {
      id: 'ex-1',
      startedAt: now - 60_000,
      method: 'POST',
      path: '/v1/messages',
      clientDialect: 'anthropic-messages',
      requestedModel: 'claude-sonnet-4-5',
      routedModel: 'gpt-5.5',
      provider: 'chatgpt',
      upstreamDialect: 'openai-responses',
      upstreamUrl: 'https://chatgpt.com/backend-api/codex/responses',
      route: 'rule 2 claude-*',
      stream: true,
      status: 200,
      ttfbMs: 412,
      durationMs: 905,
      usage: {
        inputTokens: 1840,
        cachedInputTokens: 1024,
        cacheWriteTokens: 0,
        outputTokens: 212,
        reasoningTokens: 64,
      },
      notes: ['dropped tool web_search (filters.dropToolTypes)'],
      state: 'done',
      requestHeaders: {
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
        'x-api-key': '[redacted]',
      },
      upstreamRequestHeaders: {
        authorization: '[redacted]',
        'content-type': 'application/json',
        'openai-beta': 'responses=experimental',
        originator: 'codex_cli_rs',
      },
      upstreamResponseHeaders: {
        'content-type': 'text/event-stream',
        'x-codex-primary-used-percent': '42',
        'x-request-id': 'req_81f2',
      },
      timing: {
        upstreamSentMs: 6,
        upstreamConnectedMs: 58,
        upstreamHeadersMs: 380,
        upstreamFirstByteMs: 412,
        clientFirstByteMs: 418,
        lastByteMs: 905,
      },
      toolCall: true,
      clientRequest: MESSAGES_REQUEST,
      upstreamRequest: RESPONSES_REQUEST,
      frames: frames(),
      frameBytes: 640,
      framesDropped: 0,
    },
    {
      id: 'ex-2',
      startedAt: now - 30_000,
      method: 'POST',
      path: '/v1/chat/completions',
      clientDialect: 'openai-chat',
      requestedModel: 'qwen3-coder',
      routedModel: 'qwen/qwen3-coder',
      provider: 'openrouter',
      upstreamDialect: 'openai-chat',
      stream: false,
      status: 429,
      ttfbMs: 88,
      durationMs: 90,
      notes: [],
      error: 'Rate limit reached for requests. Please try again in 7s.',
      upstreamResponseHeaders: { 'retry-after': '7', 'content-type': 'application/json' },
      state: 'error',
      frames: [],
      frameBytes: 0,
      framesDropped: 0,
    },
  ]
}

/** Three days of history on two providers, and each provider's spend against its caps. */
export function sampleUsage(now = Date.now()): UsageHistory {
  const day = (back: number): string => {
    const d = new Date(now)
    d.setDate(d.getDate() - back)
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  }
  const row = (
    back: number,
    provider: string,
    model: string,
    inputTokens: number,
    outputTokens: number,
  ): UsageRow => ({
    day: day(back),
    model,
    provider,
    account: provider === 'chatgpt' ? 'acct-work' : '',
    inputTokens,
    cachedInputTokens: Math.floor(inputTokens / 2),
    outputTokens,
    reasoningTokens: Math.floor(outputTokens / 4),
  })
  return {
    available: true,
    rows: [
      row(2, 'chatgpt', 'gpt-5.5', 120_000, 8_000),
      row(1, 'chatgpt', 'gpt-5.5', 300_000, 21_000),
      row(1, 'openrouter', 'anthropic/claude-sonnet-4-5', 40_000, 3_000),
      row(0, 'chatgpt', 'gpt-5.5', 90_000, 6_000),
      row(0, 'openrouter', 'anthropic/claude-sonnet-4-5', 75_000, 5_000),
    ],
    spend: [
      { provider: 'chatgpt', todayUsd: 0, monthUsd: 0, unpriced: ['gpt-5.5'] },
      {
        provider: 'openrouter',
        todayUsd: 0.19,
        monthUsd: 0.42,
        dailyCapUsd: 5,
        monthlyCapUsd: 40,
        unpriced: [],
      },
    ],
  }
}
