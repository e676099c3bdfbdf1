// Stand-ins for keytar: a working in-memory one, a frozen one, a locked one and a failing one.
import type { KeytarApi } from '../../secrets/keytar-secret-store.js'

export function memoryKeytar(): KeytarApi & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    getPassword: async (s, a) => items.get(`${s}/${a}`) ?? null,
    setPassword: async (s, a, p) => void items.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => items.delete(`${s}/${a}`),
  }
}

export function frozenKeytar(): KeytarApi {
  const never = new Promise<never>(() => undefined)
  return { getPassword: () => never, setPassword: () => never, deletePassword: () => never }
}

/** What gnome-keyring does when locked without a prompter: reads say "nothing there", writes may even succeed. */
export function lockedKeytar(): KeytarApi {
  return {
    getPassword: async () => null,
    setPassword: async () => undefined,
    deletePassword: async () => false,
  }
}

export function failingKeytar(message: string): KeytarApi {
  const fail = async (): Promise<never> => {
    throw new Error(message)
  }
  return { getPassword: fail, setPassword: fail, deletePassword: fail }
}
