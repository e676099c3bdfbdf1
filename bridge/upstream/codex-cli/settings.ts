// Codex CLI provider settings: defaults, validation (working directory, sandbox) and the CLI flags they become.
import { accessSync, constants, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { CodexCliSettings, ProviderSettings } from '../../config/schema.js'
import { bridgeError } from '../../errors.js'
import type { ReasoningEffort } from '../../protocol/canonical/request.js'

export type SandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access'

export interface ResolvedCodexSettings {
  providerId: string
  binary: string
  workingDirectory: string
  sandbox: SandboxMode
  networkAccess: boolean
  effort: ReasoningEffort | undefined
  timeoutMs: number
  codexHome: string | undefined
  threadIdleMs: number
  maxProcesses: number
  ratePerMinute: number
  transport: 'auto' | 'app-server' | 'exec'
  /** The model for requests that name none (codex-cli, default); undefined = Codex's own config. */
  model: string | undefined
  localOnly: boolean
}

export const DEFAULT_TIMEOUT_MS = 10 * 60_000
// Threads are kept on disk and Codex keeps its own sessions, so a thread stays listed for a month of silence.
export const DEFAULT_THREAD_IDLE_MS = 30 * 24 * 60 * 60_000
export const DEFAULT_MAX_PROCESSES = 4

export function resolveSettings(provider: ProviderSettings): ResolvedCodexSettings {
  const s: CodexCliSettings = provider.codex ?? {}
  return {
    providerId: provider.id,
    binary: s.path ?? 'codex',
    workingDirectory: resolve(s.workingDirectory ?? process.cwd()),
    sandbox: s.sandbox ?? 'read-only',
    networkAccess: s.networkAccess ?? false,
    effort: s.effort,
    timeoutMs: s.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    codexHome: s.codexHome,
    threadIdleMs: s.threadIdleMs ?? DEFAULT_THREAD_IDLE_MS,
    maxProcesses: s.maxProcesses ?? DEFAULT_MAX_PROCESSES,
    ratePerMinute: s.ratePerMinute ?? 0,
    transport: s.transport ?? 'auto',
    model: s.model,
    localOnly: s.localOnly ?? false,
  }
}

/** Refuses settings the agent must not run with; the messages name the setting to change. */
export function validateSettings(provider: ProviderSettings, s: ResolvedCodexSettings): void {
  if (s.sandbox === 'danger-full-access' && provider.codex?.allowDangerFullAccess !== true) {
    throw bridgeError(
      'BRIDGE_BAD_REQUEST',
      'invalid_request',
      `Provider "${s.providerId}" asks for the Codex sandbox "danger-full-access", which lets the agent change anything on this machine; ` +
        'Switchboard refuses it unless the provider setting codex.allowDangerFullAccess is true.',
      { status: 400 },
    )
  }
  const dir = s.workingDirectory
  let isDir = false
  try {
    isDir = statSync(dir).isDirectory()
  } catch {
    isDir = false
  }
  if (!isDir) {
    throw bridgeError(
      'BRIDGE_BAD_REQUEST',
      'invalid_request',
      `The Codex working directory "${dir}" (provider "${s.providerId}", setting codex.workingDirectory) does not exist or is not a directory.`,
      { status: 400 },
    )
  }
  try {
    accessSync(dir, constants.W_OK)
  } catch {
    throw bridgeError(
      'BRIDGE_BAD_REQUEST',
      'invalid_request',
      `The Codex working directory "${dir}" (provider "${s.providerId}", setting codex.workingDirectory) is not writable.`,
      { status: 400 },
    )
  }
}

/** Codex accepts low…xhigh; the canonical extremes map to the nearest level it knows. */
export function codexEffort(effort: ReasoningEffort | undefined): string | undefined {
  switch (effort) {
    case undefined:
      return undefined
    case 'none':
    case 'minimal':
      return 'minimal'
    case 'low':
    case 'medium':
    case 'high':
    case 'xhigh':
      return effort
    case 'max':
      return 'xhigh'
  }
}

/** `-c` overrides shared by both transports: approval never, sandbox, network, effort. */
export function configArgs(
  s: ResolvedCodexSettings,
  model: string,
  effort: ReasoningEffort | undefined,
): string[] {
  const args = ['-c', 'approval_policy="never"', '-c', `sandbox_mode="${s.sandbox}"`]
  if (s.sandbox === 'workspace-write')
    args.push('-c', `sandbox_workspace_write.network_access=${s.networkAccess}`)
  const e = codexEffort(effort ?? s.effort)
  if (e !== undefined) args.push('-c', `model_reasoning_effort="${e}"`)
  if (model !== '') args.push('-c', `model=${JSON.stringify(model)}`)
  return args
}
