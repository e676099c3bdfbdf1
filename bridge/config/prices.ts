// The built-in list prices of well-known API models (USD per million tokens): pure data shared by the
// gateway's spending caps and the UI's price fields.

export interface Prices {
  input: number
  cachedInput: number
  output: number
}

/**
 * Published API list prices. Longest matching prefix wins, after any `vendor/` part (OpenRouter names) is
 * dropped, so dated snapshots (`claude-sonnet-4-5-20250929`) and variants price like their family.
 */
export const BUILT_IN_PRICES: Readonly<Record<string, Prices>> = {
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'gpt-5-codex': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5.1': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5.1-codex-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
  'claude-opus-4': { input: 15, cachedInput: 1.5, output: 75 },
  'claude-opus-4-5': { input: 5, cachedInput: 0.5, output: 25 },
  'claude-sonnet-4': { input: 3, cachedInput: 0.3, output: 15 },
  'claude-3-7-sonnet': { input: 3, cachedInput: 0.3, output: 15 },
  'claude-haiku-4-5': { input: 1, cachedInput: 0.1, output: 5 },
  'claude-3-5-haiku': { input: 0.8, cachedInput: 0.08, output: 4 },
}

/** The built-in price of a model name, when one is known. */
export function builtInPrice(model: string): Prices | undefined {
  const name = model.slice(model.lastIndexOf('/') + 1).toLowerCase()
  let best: string | undefined
  for (const key of Object.keys(BUILT_IN_PRICES)) {
    const fits = name === key || name.startsWith(`${key}-`) || name.startsWith(`${key}.`)
    if (fits && (best === undefined || key.length > best.length)) best = key
  }
  return best === undefined ? undefined : BUILT_IN_PRICES[best]
}
