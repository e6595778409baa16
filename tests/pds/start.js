// A local AT Protocol network for the tests: a PLC directory (did:plc, in memory) and the
// reference PDS, both on 127.0.0.1 at ports chosen by the system. Prints one JSON line,
// {"pds": URL, "plc": URL}, once both answer; stops on SIGTERM or when stdin closes.
// Run with NODE_PATH pointing at the node_modules of @atproto/pds and @did-plc/server.
'use strict'
const crypto = require('node:crypto')
const path = require('node:path')
const plc = require('@did-plc/server')
const pds = require('@atproto/pds')

async function main() {
  const dir = process.argv[2]
  const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: 0 })
  const plcHttp = await plcServer.start()
  const plcUrl = `http://127.0.0.1:${plcHttp.address().port}`

  const port = Number(process.argv[3] || 0)
  const env = {
    port,
    hostname: 'localhost',
    devMode: true,
    dataDirectory: dir,
    blobstoreDiskLocation: path.join(dir, 'blobs'),
    didPlcUrl: plcUrl,
    serviceHandleDomains: ['.test'],
    inviteRequired: false,
    jwtSecret: crypto.randomBytes(16).toString('hex'),
    adminPassword: 'admin-pass',
    plcRotationKeyK256PrivateKeyHex: crypto.randomBytes(32).toString('hex'),
    rateLimitsEnabled: false,
    crawlers: [],
  }
  const server = await pds.PDS.create(pds.envToCfg(env), pds.envToSecrets(env))
  await server.start()
  const pdsPort = server.server.address().port
  process.stdout.write(
    JSON.stringify({ pds: `http://127.0.0.1:${pdsPort}`, plc: plcUrl }) + '\n',
  )
  const stop = async () => {
    await server.destroy().catch(() => {})
    await plcServer.destroy().catch(() => {})
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  process.stdin.on('end', stop)
  process.stdin.resume()
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n')
  process.exit(1)
})
