// Where secrets live (OAuth tokens, upstream API keys): an interface, so the keychain, an opt-in file
// and tests can stand behind it. Nothing here ever reaches settings, logs or the UI.
export interface SecretStore {
  readonly kind: string
  get(name: string): Promise<string | null>
  set(name: string, value: string): Promise<void>
  delete(name: string): Promise<boolean>
}

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory'
  private values = new Map<string, string>()

  async get(name: string): Promise<string | null> {
    return this.values.get(name) ?? null
  }

  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value)
  }

  async delete(name: string): Promise<boolean> {
    return this.values.delete(name)
  }
}
