// Child processes for the benchmark (fakes and gateway) and their memory from /proc.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { once } from 'node:events'

export interface Child {
  proc: ChildProcess
  stop(): Promise<void>
}

export function start(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  return {
    proc,
    async stop() {
      if (proc.exitCode !== null) return
      proc.kill('SIGTERM')
      await once(proc, 'exit')
    },
  }
}

export async function firstLine(child: Child): Promise<string> {
  let buf = ''
  for await (const chunk of child.proc.stdout as AsyncIterable<Buffer>) {
    buf += chunk.toString()
    const nl = buf.indexOf('\n')
    if (nl >= 0) return buf.slice(0, nl)
  }
  throw new Error('child exited before printing')
}

/** Resident memory now and at its peak, in MB (Linux). */
export function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}
