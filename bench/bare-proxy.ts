// The floor for the benchmark: a minimal node:http reverse proxy (no parsing, no logging, bytes piped),
// run as its own process like the gateway, so the report can show what one extra Node hop costs here.
import http from 'node:http'

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 })

const server = http.createServer((req, res) => {
  const target = new URL(req.url ?? '/', process.argv[2])
  const upstream = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host }, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    },
  )
  upstream.on('error', () => res.destroy())
  req.pipe(upstream)
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(
    `${typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : ''}\n`,
  )
})
process.on('SIGTERM', () => process.exit(0))
