// `switchboard serve` stops promptly on SIGTERM and SIGINT while the UI's control event stream is open: the
// stream is ended, not waited for. A real serve process and a real socket.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request, type IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuiltCli } from '../helpers/built-cli.js'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/switchboard.js')
const children: ChildProcess[] = []
const homes: string[] = []

beforeAll(() => {
  ensureBuiltCli()
})

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const h of homes) rmSync(h, { recursive: true, force: true })
})

async function startServe(): Promise<{
  child: ChildProcess
  url: string
  token: string
  exited: Promise<number | null>
}> {
  const home = mkdtempSync(join(tmpdir(), 'sb-signals-'))
  homes.push(home)
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    env: {
      PATH: process.env['PATH'],
      HOME: home,
      SWITCHBOARD_HOME: home,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  await expect.poll(() => out, { timeout: 20_000 }).toMatch(/control token .*: (\S+)\n/)
  const url = /listening on (\S+)/.exec(out)?.[1] ?? ''
  const token = /control token .*: (\S+)\n/.exec(out)?.[1] ?? ''
  return { child, url, token, exited }
}

/** Opens the control event stream the UI reads and resolves once the first bytes arrived. */
function openEvents(
  url: string,
  token: string,
): Promise<{ res: IncomingMessage; ended: Promise<void> }> {
  return new Promise((resolveOpen, reject) => {
    const req = request(`${url}/control/api/events`, {
      headers: { 'x-switchboard-control': token },
    })
    req.on('error', reject)
    req.on('response', (res) => {
      expect(res.statusCode).toBe(200)
      const ended = new Promise<void>((done) => {
        res.on('end', done)
        res.on('close', done)
        res.on('error', () => done())
      })
      res.once('data', () => resolveOpen({ res, ended }))
    })
    req.end()
  })
}

function within<T>(ms: number, p: Promise<T>): Promise<T | 'timed out'> {
  return Promise.race([p, new Promise<'timed out'>((r) => setTimeout(() => r('timed out'), ms))])
}

describe('serve and signals', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`exits 0 within a few seconds on ${signal} while an event stream is open`, async () => {
      const serve = await startServe()
      const stream = await openEvents(serve.url, serve.token)
      serve.child.kill(signal)
      expect(await within(5_000, serve.exited)).toBe(0)
      expect(await within(1_000, stream.ended)).toBeUndefined()
    }, 40_000)
  }
})
