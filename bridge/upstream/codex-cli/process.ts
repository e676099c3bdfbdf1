// Spawning Codex in its own process group, so that one kill reaches the wrapper, the native binary and its tools.
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'

export interface CodexProcess {
  child: ChildProcessWithoutNullStreams
  pid: number
  /** Resolves once the process has exited (code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** The last lines Codex wrote to stderr, for error messages. */
  stderrTail(): string
  /** Kills the whole process group: SIGTERM, then SIGKILL if it lingers. */
  kill(): Promise<void>
}

const KILL_GRACE_MS = 1500

export function spawnCodex(
  binary: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): CodexProcess {
  const child = spawn(binary, args, { env, cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal }
      resolve(exitInfo)
    })
    child.once('error', () => {
      exitInfo = { code: null, signal: null }
      resolve(exitInfo)
    })
  })
  let tail = ''
  child.stderr.on('data', (d: Buffer) => {
    tail = (tail + d.toString('utf8')).slice(-4000)
  })
  child.stdin.on('error', () => undefined)
  const pid = child.pid ?? -1
  const signalGroup = (sig: NodeJS.Signals): void => {
    if (pid <= 0) return
    try {
      process.kill(-pid, sig)
    } catch {
      // The group is already gone.
    }
  }
  return {
    child,
    pid,
    exited,
    stderrTail: () =>
      tail
        .split('\n')
        .filter((l) => l.trim() !== '' && !/WARNING|bubblewrap|Reading additional input/i.test(l))
        .slice(-3)
        .join(' | '),
    kill: async () => {
      signalGroup('SIGTERM')
      const timer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS)
      await exited
      clearTimeout(timer)
      // The wrapper may be gone while the native binary or a tool it started still runs in the group.
      signalGroup('SIGKILL')
    },
  }
}
