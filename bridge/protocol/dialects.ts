// The three client/upstream API dialects the hub speaks; their ids double as codec folder names.
export const DIALECTS = ['anthropic-messages', 'openai-responses', 'openai-chat'] as const
export type Dialect = (typeof DIALECTS)[number]

export function isDialect(value: unknown): value is Dialect {
  return typeof value === 'string' && (DIALECTS as readonly string[]).includes(value)
}
