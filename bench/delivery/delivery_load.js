// Delivery load figures for the webhook connector, through the real gateway binary:
//   throughput: N posts queued while the receiver is away, then the gateway restarts with
//               the receiver up; deliveries/s = N / time until the receiver holds all N.
//   recovery:   N posts queued, the receiver refuses connections for --down-s seconds
//               (default policy: base 2 s, cap 3600 s, full jitter), then comes back; we
//               time until the backlog is empty, and count duplicates.
// The receiver verifies every signature with `standardwebhooks` (so that cost is in).
// Usage: node bench/delivery/delivery_load.js --bin build/postern --mode throughput|recovery
//        [--posts 1000] [--down-s 600] [--workers 2] [--json out.json]
// Talks to 127.0.0.1 only and stops by itself.
'use strict';
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { Webhook } = require('standardwebhooks');
const { makePng } = require('../../tests/web/png.js');

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf('--' + name);
  return i >= 0 ? argv[i + 1] : def;
};
const BIN = opt('bin', path.join(__dirname, '../../build/postern'));
const MODE = opt('mode', 'throughput');
const POSTS = Number(opt('posts', '1000'));
const DOWN_S = Number(opt('down-s', '600'));
const WORKERS = Number(opt('workers', '2'));
const JSON_OUT = opt('json', '');
const PRODUCT_KEY = 'bench-product-key';
const ADMIN_KEY = 'bench-admin-key';
const SECRET = 'whsec_' + crypto.randomBytes(32).toString('base64');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');
const log = (...a) => console.error(new Date().toISOString(), ...a);

function freePort() {
  return new Promise((resolve) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

// The receiver: verifies, counts unique webhook-ids and duplicates.
class Receiver {
  constructor(port) {
    this.port = port;
    this.ids = new Set();
    this.duplicates = 0;
    this.invalid = 0;
    this.lastAt = 0;
    this.wh = new Webhook(SECRET);
  }
  start() {
    this.server = http.createServer({ keepAliveTimeout: 5000 }, (req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        try {
          this.wh.verify(Buffer.concat(chunks).toString('utf8'), req.headers);
        } catch (e) {
          this.invalid++;
          res.writeHead(401);
          return res.end();
        }
        const id = req.headers['webhook-id'];
        if (this.ids.has(id)) this.duplicates++;
        this.ids.add(id);
        this.lastAt = Date.now();
        res.writeHead(204);
        res.end();
      });
    });
    return new Promise((r) => this.server.listen(this.port, '127.0.0.1', r));
  }
  stop() {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

function request(method, url, body, key) {
  return new Promise((resolve) => {
    const data = body ? Buffer.from(JSON.stringify(body)) : null;
    const req = http.request(url, {
      method,
      headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: 'Bearer ' + key } : {}),
                 ...(data ? { 'Content-Length': data.length } : {}) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (e) => resolve({ status: -1, body: String(e) }));
    req.setTimeout(60000, () => req.destroy(new Error('timeout')));
    if (data) req.write(data);
    req.end();
  });
}

class Gateway {
  constructor(dir, port, receiverPort, delivery) {
    this.dir = dir;
    this.port = port;
    this.base = `http://127.0.0.1:${port}`;
    fs.mkdirSync(path.join(dir, 'var'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'gateway.yaml'), [
      'server:', `  listen: "127.0.0.1:${port}"`, '  workers: 4',
      'storage:', `  sqlite: ${dir}/var/postern.db`,
      'auth:', '  keys:',
      `    - {name: bench-product, role: product, sha256: ${sha(PRODUCT_KEY)}}`,
      `    - {name: bench-admin, role: admin, sha256: ${sha(ADMIN_KEY)}}`,
      'plugins:', '  - name: image_guard',
      'connectors:', '  - name: showcase', '  - name: webhook', '    config:', '      endpoints:',
      `        - {url: "http://127.0.0.1:${receiverPort}/hook", secret: "${SECRET}"}`,
      '      timeout_ms: 5000', '      connect_timeout_ms: 1000',
      'shares:', '  default_destinations: [showcase, webhook]',
      'delivery:', ...Object.entries(delivery).map(([k, v]) => `  ${k}: ${v}`), '',
    ].join('\n'));
  }
  async start() {
    const logFd = fs.openSync(path.join(this.dir, 'postern.log'), 'a');
    this.proc = spawn(BIN, ['serve', '--config', path.join(this.dir, 'gateway.yaml')],
                      { stdio: ['ignore', logFd, logFd] });
    for (let i = 0; i < 400; i++) {
      if ((await request('GET', this.base + '/healthz')).status === 200) return;
      await sleep(50);
    }
    throw new Error('gateway did not start; see ' + this.dir + '/postern.log');
  }
  stop() {
    return new Promise((r) => {
      if (!this.proc || this.proc.exitCode !== null) return r();
      this.proc.on('exit', () => r());
      this.proc.kill('SIGTERM');
    });
  }
}

async function ingest(gw, n) {
  const png = makePng(128, 128, 7).toString('base64');
  let next = 0, failed = 0;
  const t0 = Date.now();
  async function worker() {
    while (next < n) {
      const i = next++;
      const r = await request('POST', gw.base + '/v1/shares',
                              { user_id: 'bench' + (i % 50), prompt: 'bench post ' + i, image: png }, PRODUCT_KEY);
      if (r.status !== 200 || JSON.parse(r.body).decision !== 'approved') failed++;
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()]);
  const s = (Date.now() - t0) / 1000;
  log(`ingested ${n} shares in ${s.toFixed(1)} s (${failed} not approved)`);
  if (failed) throw new Error(failed + ' shares failed');
  return s;
}

async function waitAll(receiver, n, timeoutS) {
  const t0 = Date.now();
  while (receiver.ids.size < n && Date.now() - t0 < timeoutS * 1000) await sleep(50);
  return receiver.ids.size;
}

async function deliveryStats(gw) {
  const r = await request('GET', gw.base + '/v1/admin/deliveries?status=delivered&limit=1000', null, ADMIN_KEY);
  if (r.status !== 200) return null;
  const items = JSON.parse(r.body).items.filter((d) => d.destination === 'webhook');
  const attempts = items.map((d) => d.attempts);
  // A sample: the admin list holds at most 1000 rows, showcase ones included.
  return { sampled: items.length, max_attempts: Math.max(...attempts),
           mean_attempts: attempts.reduce((a, b) => a + b, 0) / attempts.length };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delivery-bench-'));
  const receiverPort = await freePort();
  const receiver = new Receiver(receiverPort);
  const result = { mode: MODE, posts: POSTS, workers: WORKERS, cpus: os.cpus().length };
  let gw;
  try {
    if (MODE === 'throughput') {
      // Queue with a 1 s backoff cap so every delivery is due again when we restart.
      gw = new Gateway(dir, await freePort(), receiverPort,
                       { workers: WORKERS, base_backoff_s: 1, max_backoff_s: 1, max_attempts: 1000 });
      await gw.start();
      result.ingest_s = await ingest(gw, POSTS);
      await gw.stop();
      await receiver.start();
      const t0 = Date.now();
      await gw.start();
      const got = await waitAll(receiver, POSTS, 600);
      const s = (receiver.lastAt - t0) / 1000;
      Object.assign(result, { delivered: got, seconds: s, deliveries_per_s: got / s,
                              duplicates: receiver.duplicates, invalid_signatures: receiver.invalid });
    } else {
      // Shipped policy: base 2 s doubling with full jitter, 12 attempts, cap 3600 s.
      gw = new Gateway(dir, await freePort(), receiverPort, { workers: WORKERS });
      await gw.start();
      result.ingest_s = await ingest(gw, POSTS);
      log(`receiver down for ${DOWN_S} s`);
      await sleep(DOWN_S * 1000);
      await receiver.start();
      const t0 = Date.now();
      log('receiver back');
      const got = await waitAll(receiver, POSTS, 7200);
      const s = (receiver.lastAt - t0) / 1000;
      Object.assign(result, { down_s: DOWN_S, delivered: got, recovery_s: s,
                              duplicates: receiver.duplicates, invalid_signatures: receiver.invalid });
    }
    result.attempts_sample = await deliveryStats(gw);
  } finally {
    if (gw) await gw.stop();
    await receiver.stop();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(result));
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(result, null, 2) + '\n');
  process.exit(result.delivered === POSTS ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
