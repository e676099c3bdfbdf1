// Finding the codex binary (setting or PATH) and checking that it answers `--version`.
import { execFile } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, isAbsolute, join } from 'node:path'
import { bridgeError } from '../../errors.js'

export function findBinary(name: string, env: NodeJS.ProcessEnv): string | undefined {
  if (isAbsolute(name) || name.includes('/')) return canRun(name) ? name : undefined
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, name)
    if (canRun(candidate)) return candidate
  }
  return undefined
}

function canRun(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** `codex-cli 0.169.0` → `0.169.0`; throws a 503 naming the setting when the binary is missing or broken. */
export function codexVersion(
  binary: string,
  env: NodeJS.ProcessEnv,
  providerId: string,
): Promise<string> {
  const path = findBinary(binary, env)
  if (path === undefined) {
    return Promise.reject(
      bridgeError(
        'BRIDGE_UPSTREAM_UNREACHABLE',
        'overloaded',
        `The Codex CLI "${binary}" was not found (provider "${providerId}", setting codex.path, else PATH). Install it with npm i -g @openai/codex.`,
        { status: 503 },
      ),
    )
  }
  return new Promise((resolve, reject) => {
    execFile(path, ['--version'], { env, timeout: 15_000 }, (err, stdout) => {
      const match = /(\d+\.\d+\.\d+[^\s]*)/.exec(String(stdout))
      if (err || !match?.[1]) {
        reject(
          bridgeError(
            'BRIDGE_UPSTREAM_UNREACHABLE',
            'overloaded',
            `"${path} --version" failed, so it is not a usable Codex CLI (provider "${providerId}").`,
            {
              status: 503,
            },
          ),
        )
        return
      }
      resolve(match[1])
    })
  })
}
