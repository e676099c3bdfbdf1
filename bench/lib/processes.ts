// Child processes for the benchmark (fakes and gateway) and their memory from /proc.
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { once } from 'node:events'

export interface Child {
  proc: ChildProcess
  stop(): Promise<void>
}

/**
 * Starts a Node process. With `quietStderr` its stderr (the gateway's line per request) is read and dropped,
 * but for the last lines, which are shown if the process dies: the report stays readable and a crash explained.
 */
export function start(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  { quietStderr = false } = {},
): Child {
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', quietStderr ? 'pipe' : 'inherit'],
  })
  if (quietStderr) {
    let tail = ''
    proc.stderr?.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000)
    })
    proc.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGTERM') process.stderr.write(tail)
    })
  }
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

/** CPU time (user + system) the process has used so far, in ms (Linux; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/**
 * CPU time the process's threads have run so far, in µs, from the scheduler's own nanosecond counts (Linux
 * schedstat): precise enough for batches of a few hundred requests, where the 10 ms ticks of cpuMs are not.
 */
export function cpuUs(pid: number): number {
  let ns = 0
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0])
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return ns / 1000
}

/** Samples the resident memory every 50 ms while `work` runs; returns its result and the largest sample. */
export async function maxRssDuring<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; maxRssMb: number }> {
  let maxRssMb = memory(pid).rssMb
  const timer = setInterval(() => (maxRssMb = Math.max(maxRssMb, memory(pid).rssMb)), 50)
  try {
    const result = await work()
    return { result, maxRssMb: Math.max(maxRssMb, memory(pid).rssMb) }
  } finally {
    clearInterval(timer)
  }
}

/** Resident memory now and at its peak, in MB (Linux). */
export function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string): number =>
    Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}
