// The providers page's calls: the route tester (the same routing and model mapping a request gets), a
// provider's connection test, and its API key stored in the keychain (the key never comes back).
import type { Settings } from '../config/schema.js'
import type { Redactor } from '../log/redact.js'
import { explainRoute } from '../routing/route-model.js'
import type { SecretStore } from '../secrets/secret-store.js'
import type { ProviderRegistry } from '../upstream/registry.js'
import type { ControlApi } from './contract.js'
import type { ProviderTestResult, RouteExplanationView } from './contract/settings-views.js'
import { ControlFailure } from './control-failure.js'
import type { SettingsSaver } from './settings-saver.js'

export type ProviderMethod = 'explainRoute' | 'testProvider' | 'setProviderKey'

export interface HostProvidersOptions {
  providers: ProviderRegistry
  saver: SettingsSaver
  secrets: SecretStore
  /** Learns each stored key, so that no log shows it. */
  redactor: Redactor
  env: NodeJS.ProcessEnv
}

export class HostProviders implements Pick<ControlApi, ProviderMethod> {
  constructor(private readonly opts: HostProvidersOptions) {}

  private get effective(): Settings {
    return this.opts.saver.effective
  }

  async explainRoute(args: { model: string }): Promise<RouteExplanationView> {
    // The same routing and model mapping as a request, so the tester shows the model a request really gets.
    const x = explainRoute(this.effective, args.model, this.opts.providers.mapModel)
    const base = { model: x.model, rules: x.rules }
    if (!x.route.ok) return { ...base, ok: false, message: x.route.message }
    const r = x.route
    return {
      ...base,
      ok: true,
      providerId: r.providerId,
      upstreamModel: r.upstreamModel,
      matched: r.matched,
      ...(r.effort ? { effort: r.effort } : {}),
    }
  }

  async testProvider(args: { id: string }): Promise<ProviderTestResult> {
    const provider = this.effective.providers.find((p) => p.id === args.id)
    if (!provider) return { ok: false, latencyMs: 0, message: `No provider named "${args.id}".` }
    return this.opts.providers.for(provider.kind).testConnection(provider, this.effective, {
      env: this.opts.env,
      secrets: this.opts.secrets,
    })
  }

  async setProviderKey(args: { id: string; key: string }): Promise<{ secretName: string }> {
    if (!args.key.trim())
      throw new ControlFailure('invalid_argument', 'The API key is empty.', { field: 'key' })
    const secretName = `provider:${args.id}`
    await this.opts.saver.update(async (next) => {
      const provider = next.providers.find((p) => p.id === args.id)
      if (!provider)
        throw new ControlFailure('not_found', `No provider named "${args.id}".`, { field: 'id' })
      await this.opts.secrets.set(secretName, args.key.trim())
      this.opts.redactor.add(args.key.trim())
      provider.apiKeySecret = secretName
    })
    return { secretName }
  }
}
