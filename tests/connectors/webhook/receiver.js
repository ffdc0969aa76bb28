// A webhook receiver for the tests: verifies every delivery with `standardwebhooks`
// (the Standard Webhooks reference library, not our code) and records what it got.
//   node receiver.js [--port N] [--secret whsec_...]
// Prints {"port": N} when listening. Any path receives webhooks; control endpoints:
//   POST /_mode {path, status, retry_after, times, delay_ms, secret}: how `path` answers
//        (`times` answers with `status`, then 200 again; times -1 = always)
//   GET  /_received: [{path, id, timestamp, verified, error, duplicate, status, body}]
//   POST /_sign {secret, id, timestamp, body}: the reference library's signature
//   POST /_reset
'use strict';
const http = require('http');
const { Webhook } = require('standardwebhooks');

const args = process.argv.slice(2);
const arg = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const defaultSecret = arg('--secret', '');
let modes = {};      // path -> {status, retry_after, times, delay_ms, secret}
let received = [];
let accepted = new Set();  // path|webhook-id answered 2xx

function json(res, status, obj, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(obj));
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url.split('?')[0];
    if (path === '/_mode') {
      const m = JSON.parse(body);
      modes[m.path] = m;
      return json(res, 200, { ok: true });
    }
    if (path === '/_received') return json(res, 200, received);
    if (path === '/_reset') {
      modes = {};
      received = [];
      accepted = new Set();
      return json(res, 200, { ok: true });
    }
    if (path === '/_sign') {
      const s = JSON.parse(body);
      const sig = new Webhook(s.secret).sign(s.id, new Date(s.timestamp * 1000), s.body);
      return json(res, 200, { signature: sig });
    }
    const mode = modes[path] || {};
    const secret = mode.secret || defaultSecret;
    const rec = {
      path,
      id: req.headers['webhook-id'] || '',
      timestamp: req.headers['webhook-timestamp'] || '',
      signature: req.headers['webhook-signature'] || '',
      content_type: req.headers['content-type'] || '',
      verified: false,
      error: '',
      duplicate: false,
      status: 200,
      body,
      at: Date.now(),
    };
    try {
      // Throws on a bad signature or a timestamp outside the 5-minute tolerance.
      new Webhook(secret).verify(body, req.headers);
      rec.verified = true;
    } catch (e) {
      rec.error = String(e.message || e);
    }
    let status = rec.verified ? 200 : 401;
    const headers = {};
    if (rec.verified && mode.status && mode.times !== 0) {
      status = mode.status;
      if (mode.retry_after !== undefined) headers['Retry-After'] = String(mode.retry_after);
      if (mode.times > 0) mode.times -= 1;
    }
    rec.status = status;
    const key = path + '|' + rec.id;
    if (status >= 200 && status < 300) {
      rec.duplicate = accepted.has(key);
      accepted.add(key);
    }
    received.push(rec);
    const answer = () => json(res, status, { ok: status < 300 }, headers);
    if (mode.delay_ms) setTimeout(answer, mode.delay_ms);
    else answer();
  });
});

server.listen(Number(arg('--port', '0')), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
