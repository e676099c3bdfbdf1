// One bare Node proxy per fake upstream: what any extra Node hop costs on this machine, for comparison.
import { join } from 'node:path'
import type { Client, FakeUrls } from './gateway.js'
import { CLIENTS } from './paths.js'
import { firstLine, start } from './processes.js'

export interface BareProxies {
  /** Each upstream's URL through its bare proxy. */
  urls: Record<Client, string>
  stop(): Promise<void>
}

export async function startBareProxies(root: string, upstreams: FakeUrls): Promise<BareProxies> {
  const urls = {} as Record<Client, string>
  const proxies = await Promise.all(
    CLIENTS.map(async (up) => {
      const proxy = start([
        join(root, 'dist-bench/bench/bare-proxy.js'),
        new URL(upstreams[up]).origin,
      ])
      urls[up] = await firstLine(proxy)
      return proxy
    }),
  )
  return {
    urls,
    stop: async () => {
      for (const proxy of proxies) await proxy.stop()
    },
  }
}
