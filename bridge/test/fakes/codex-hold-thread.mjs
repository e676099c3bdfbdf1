#!/usr/bin/env node
// The real Codex CLI, except that a turn's thread id (and all Codex writes after it) is held back until the file
// named by SB_RELEASE_THREAD exists, or SB_HOLD_THREAD_MS have passed: tests see what a client gets while Codex
// has not reported its thread. On release it writes `<SB_RELEASE_THREAD>.released`, so a test can tell the order.
import { spawn } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { createInterface } from 'node:readline'

const real = process.env.SB_REAL_CODEX
const release = process.env.SB_RELEASE_THREAD
if (!real || !release) {
  process.stderr.write('codex-hold-thread: set SB_REAL_CODEX and SB_RELEASE_THREAD\n')
  process.exit(2)
}
const holdMs = Number(process.env.SB_HOLD_THREAD_MS ?? 'Infinity')
const args = process.argv.slice(2)
const turn = args[0] === 'app-server' || args[0] === 'exec'
// Same process group as this wrapper (the gateway kills the group), stdin and stderr shared.
const child = spawn(real, args, { stdio: ['inherit', turn ? 'pipe' : 'inherit', 'inherit'] })
// Once Codex has exited, this wrapper ends too, after handing on whatever it still holds.
child.on('close', (code, signal) => {
  process.exitCode = signal ? 1 : (code ?? 1)
})
// Stopped (the gateway ends the turn): nothing held matters any more.
for (const sig of ['SIGTERM', 'SIGINT'])
  process.on(sig, () => {
    child.kill(sig)
    process.exit(1)
  })

if (turn && child.stdout) {
  // app-server answers thread/start with {"thread":{"id"…}}; exec prints {"type":"thread.started","thread_id"…}.
  const threadLine = /"thread":\{"id"|"thread_id"|"threadId"/
  const held = []
  let holding = false
  let released = false
  const flush = () => {
    released = true
    writeFileSync(`${release}.released`, '')
    for (const line of held.splice(0)) process.stdout.write(`${line}\n`)
  }
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!released && !holding && threadLine.test(line)) {
      holding = true
      const until = Date.now() + holdMs
      const poll = setInterval(() => {
        if (!existsSync(release) && Date.now() < until) return
        clearInterval(poll)
        flush()
      }, 20)
    }
    if (holding && !released) held.push(line)
    else process.stdout.write(`${line}\n`)
  })
}
