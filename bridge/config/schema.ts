// The settings document: one TypeBox schema (plain JSON Schema) shared by the headless gateway, the
// Electron store and the UI. Secrets never live here: only the names of where to find them.
import { Type, type Static } from '@sinclair/typebox'

export const SETTINGS_VERSION = 1

export const ProviderKind = Type.Union(
  [
    Type.Literal('openai-chat'),
    Type.Literal('openai-responses'),
    Type.Literal('anthropic'),
    Type.Literal('chatgpt'),
    Type.Literal('codex-cli'),
  ],
  { description: 'Which upstream wire the provider speaks.' },
)
export type ProviderKind = Static<typeof ProviderKind>

export const Effort = Type.Union([
  Type.Literal('none'),
  Type.Literal('minimal'),
  Type.Literal('low'),
  Type.Literal('medium'),
  Type.Literal('high'),
  Type.Literal('xhigh'),
  Type.Literal('max'),
])

export const CodexCliSettings = Type.Object(
  {
    path: Type.Optional(
      Type.String({ description: 'The codex binary; found on PATH when omitted.' }),
    ),
    workingDirectory: Type.Optional(
      Type.String({ description: 'Where the agent works; must exist and be writable.' }),
    ),
    sandbox: Type.Optional(
      Type.Union([
        Type.Literal('read-only'),
        Type.Literal('workspace-write'),
        Type.Literal('danger-full-access'),
      ]),
    ),
    allowDangerFullAccess: Type.Optional(Type.Boolean()),
    networkAccess: Type.Optional(
      Type.Boolean({ description: 'Network access inside workspace-write.' }),
    ),
    effort: Type.Optional(Effort),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1000 })),
    codexHome: Type.Optional(Type.String({ description: 'CODEX_HOME for this provider.' })),
    threadIdleMs: Type.Optional(Type.Integer({ minimum: 1000 })),
    maxProcesses: Type.Optional(Type.Integer({ minimum: 1 })),
    ratePerMinute: Type.Optional(Type.Integer({ minimum: 0, description: '0 = no limit.' })),
    transport: Type.Optional(
      Type.Union([Type.Literal('auto'), Type.Literal('app-server'), Type.Literal('exec')]),
    ),
    model: Type.Optional(
      Type.String({
        description:
          'Model Codex runs when a request names none (codex-cli, default); else its config.toml model.',
      }),
    ),
    localOnly: Type.Optional(
      Type.Boolean({
        description: "Refuse to run unless Codex's model provider is on this machine (loopback).",
      }),
    ),
  },
  { additionalProperties: false },
)
export type CodexCliSettings = Static<typeof CodexCliSettings>

export const AccountsSettings = Type.Object(
  {
    switchAtPercent: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 100,
        description:
          'A new conversation goes to the first account whose 5-hour and weekly windows are both below this percentage (default 95).',
      }),
    ),
    order: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description:
          'Account emails or ids served first, in this order; the rest follow in sign-in order.',
      }),
    ),
    reserve: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'An account email or id that serves only when every other one is at or above switchAtPercent.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type AccountsSettings = Static<typeof AccountsSettings>

const HeaderMap = Type.Record(Type.String({ minLength: 1 }), Type.String())

const Usd = Type.Number({ minimum: 0 })

export const PriceSettings = Type.Object(
  {
    input: Type.Number({ minimum: 0, description: 'USD per million input tokens (not cached).' }),
    cachedInput: Type.Number({ minimum: 0, description: 'USD per million cached input tokens.' }),
    output: Type.Number({ minimum: 0, description: 'USD per million output tokens.' }),
  },
  { additionalProperties: false },
)
export type PriceSettings = Static<typeof PriceSettings>

export const SpendCapSettings = Type.Object(
  {
    dailyUsd: Type.Optional(Usd),
    monthlyUsd: Type.Optional(Usd),
  },
  { additionalProperties: false },
)
export type SpendCapSettings = Static<typeof SpendCapSettings>

export const ProviderSettings = Type.Object(
  {
    id: Type.String({
      pattern: '^[a-z0-9][a-z0-9._-]*$',
      description: 'Short name used in routes and `id/model`.',
    }),
    kind: ProviderKind,
    baseUrl: Type.String({
      description: 'Base URL as the official SDKs take it (http://host/v1 or http://host).',
    }),
    apiKeyEnv: Type.Optional(
      Type.String({ description: 'Environment variable that holds the API key.' }),
    ),
    apiKeySecret: Type.Optional(
      Type.String({ description: 'Name of the API key in the secret store.' }),
    ),
    authStyle: Type.Optional(Type.Union([Type.Literal('bearer'), Type.Literal('x-api-key')])),
    headers: Type.Optional(HeaderMap),
    forwardHeaders: Type.Optional(Type.Array(Type.String())),
    chatReasoningField: Type.Optional(
      Type.Union([
        Type.Literal('reasoning_content'),
        Type.Literal('reasoning'),
        Type.Literal('none'),
      ]),
    ),
    chatMaxTokensField: Type.Optional(
      Type.Union([Type.Literal('max_completion_tokens'), Type.Literal('max_tokens')]),
    ),
    chatStreamOptions: Type.Optional(Type.Boolean()),
    models: Type.Optional(
      Type.Array(Type.String(), { description: 'Models listed by /v1/models for this provider.' }),
    ),
    codex: Type.Optional(CodexCliSettings),
    accounts: Type.Optional(AccountsSettings),
    fallback: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'Providers tried in order when this one cannot serve (every account limited, spending cap reached).',
      }),
    ),
    spendCap: Type.Optional(SpendCapSettings),
    prices: Type.Optional(PriceSettings),
  },
  { additionalProperties: false },
)
export type ProviderSettings = Static<typeof ProviderSettings>

export const RouteRule = Type.Object(
  {
    match: Type.String({
      minLength: 1,
      description: 'Requested model: exact name or glob (* and ?).',
    }),
    provider: Type.String(),
    model: Type.Optional(
      Type.String({ description: 'Upstream model; omitted = the requested name.' }),
    ),
    effort: Type.Optional(Effort),
  },
  { additionalProperties: false },
)
export type RouteRule = Static<typeof RouteRule>

export const Settings = Type.Object(
  {
    version: Type.Literal(SETTINGS_VERSION),
    server: Type.Object(
      {
        host: Type.String(),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
        allowNonLoopback: Type.Boolean(),
        allowedHosts: Type.Array(Type.String()),
        allowedOrigins: Type.Array(Type.String()),
        bodyLimitMb: Type.Number({ exclusiveMinimum: 0 }),
        httpShutdown: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    providers: Type.Array(ProviderSettings),
    defaultProvider: Type.String(),
    routing: Type.Object(
      {
        rules: Type.Array(RouteRule),
        families: Type.Object(
          {
            haiku: Type.Optional(Type.String()),
            sonnet: Type.Optional(Type.String()),
            opus: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        passthrough: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    forwardHeaders: Type.Array(Type.String()),
    filters: Type.Object(
      {
        dropToolTypes: Type.Array(Type.String()),
        dropParams: Type.Array(Type.String()),
        convertCustomTools: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    log: Type.Object(
      {
        maxEntries: Type.Integer({ minimum: 10 }),
        captureBodies: Type.Boolean(),
        maxBodyBytes: Type.Integer({ minimum: 1024 }),
        maxTotalBytes: Type.Optional(
          Type.Integer({
            minimum: 65536,
            description: 'Frames and bodies kept across all entries.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    auth: Type.Optional(
      Type.Object(
        {
          issuer: Type.Optional(
            Type.String({
              description: 'ChatGPT OAuth issuer; SWITCHBOARD_OAUTH_ISSUER overrides.',
            }),
          ),
          refreshSkewSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
    ui: Type.Optional(
      Type.Object(
        {
          theme: Type.Optional(
            Type.Union([Type.Literal('system'), Type.Literal('light'), Type.Literal('dark')]),
          ),
          launchAtLogin: Type.Optional(Type.Boolean()),
          startGatewayOnLaunch: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    responseStore: Type.Object(
      {
        enabled: Type.Boolean({
          description:
            'Keep Responses answers (store true or absent) so previous_response_id and item_reference resolve.',
        }),
        maxResponses: Type.Integer({
          minimum: 1,
          maximum: 1_000_000,
          description: 'Responses kept; the oldest go first.',
        }),
        maxMb: Type.Number({
          exclusiveMinimum: 0,
          maximum: 4096,
          description: 'Memory for stored responses and their items.',
        }),
        ttlHours: Type.Number({
          exclusiveMinimum: 0,
          maximum: 720,
          description: 'Age after which a stored response expires (at most 30 days).',
        }),
        persist: Type.Boolean({
          description: 'Also keep them on disk in the configuration directory, across restarts.',
        }),
      },
      { additionalProperties: false },
    ),
    stream: Type.Object(
      {
        idleTimeoutMs: Type.Integer({ minimum: 1000 }),
        keepaliveMs: Type.Integer({ minimum: 1000 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type Settings = Static<typeof Settings>
