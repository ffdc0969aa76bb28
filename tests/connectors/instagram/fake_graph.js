// A fake Instagram Graph API for the tests, following the documented content-publishing
// contract: POST /{ig-user-id}/media -> {id}; GET /{container-id}?fields=status_code;
// POST /{ig-user-id}/media_publish {creation_id} -> {id}; GET
// /{ig-user-id}/content_publishing_limit?fields=quota_usage,config; GET /{media-id}?fields=permalink.
// Errors use the Graph API shape {"error": {message, type, code, error_subcode, fbtrace_id}}.
//   node fake_graph.js --token T --user U
// Prints {"port": N}. Test controls (not part of the Graph API):
//   POST /_control {polls_before_finished, container_outcome, quota_usage, quota_total,
//                   publish_delay_ms, fetch_image}
//   POST /_fail {op: create|status|publish|limit|permalink, times, http_status, error, headers}
//   GET  /_state -> {containers, media, calls, token_leaks}
'use strict';
const http = require('http');
const { URL } = require('url');

const args = process.argv.slice(2);
const arg = (n, d) => (args.indexOf(n) >= 0 ? args[args.indexOf(n) + 1] : d);
const TOKEN = arg('--token', 'test-token');
const USER = arg('--user', '17841400000000001');

const settings = {
  polls_before_finished: 0,     // status reads that answer IN_PROGRESS first
  container_outcome: 'FINISHED',  // or ERROR / EXPIRED
  quota_usage: 0,
  quota_total: 100,
  publish_delay_ms: 0,          // publish happens, but the answer comes this late
  fetch_image: false,           // fetch image_url on create, as Instagram does
};
const failures = [];            // queued error answers by operation
const containers = {};          // id -> {image_url, caption, alt_text, polls, status, media_id}
const media = {};               // id -> {container_id, caption, permalink}
const calls = [];
let tokenLeaks = 0;
let nextId = 17900000000001;  // stays below 2^53: ids are exact
const newId = () => String(nextId++);

function send(res, status, obj, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(obj));
}
function graphError(res, status, code, subcode, message, extra = {}) {
  const e = { message, type: code === 190 ? 'OAuthException' : 'OAuthException', code, fbtrace_id: 'Afake' };
  if (subcode) e.error_subcode = subcode;
  send(res, status, { error: { ...e, ...extra } });
}
function takeFailure(op) {
  const i = failures.findIndex((f) => f.op === op && f.times !== 0);
  if (i < 0) return null;
  const f = failures[i];
  if (f.times > 0) f.times -= 1;
  return f;
}
function fetchImage(url) {
  return new Promise((resolve) => {
    http.get(url, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => resolve(r.statusCode === 200 && /^image\//.test(r.headers['content-type'] || '')
                                ? Buffer.concat(chunks).length : 0));
    }).on('error', () => resolve(0));
  });
}

async function handle(req, res, body) {
  const u = new URL(req.url, 'http://x');
  const parts = u.pathname.split('/').filter(Boolean);
  if (parts[0] === '_control') { Object.assign(settings, JSON.parse(body)); return send(res, 200, settings); }
  if (parts[0] === '_fail') { failures.push({ times: 1, http_status: 400, ...JSON.parse(body) }); return send(res, 200, {}); }
  if (parts[0] === '_state') return send(res, 200, { containers, media, calls, token_leaks: tokenLeaks, settings });
  if (/^v\d+\.\d+$/.test(parts[0])) parts.shift();  // version prefix
  const form = req.method === 'POST' ? new URLSearchParams(body) : new URLSearchParams();
  const param = (k) => form.get(k) ?? u.searchParams.get(k);
  // The documented places for the token: query (GET) or form body (POST), nothing else.
  const token = req.method === 'POST' ? form.get('access_token') : u.searchParams.get('access_token');
  if (req.method === 'POST' && u.searchParams.get('access_token')) tokenLeaks++;
  let op = 'unknown';
  if (req.method === 'POST' && parts[1] === 'media') op = 'create';
  else if (req.method === 'POST' && parts[1] === 'media_publish') op = 'publish';
  else if (req.method === 'GET' && parts[1] === 'content_publishing_limit') op = 'limit';
  else if (req.method === 'GET' && parts.length === 1 && containers[parts[0]]) op = 'status';
  else if (req.method === 'GET' && parts.length === 1 && media[parts[0]]) op = 'permalink';
  calls.push({ op, method: req.method, path: '/' + parts.join('/'), fields: param('fields') });
  if (token !== TOKEN) return graphError(res, 400, 190, 463, 'Error validating access token: Session has expired.');
  const f = takeFailure(op);
  if (f) {
    if (f.delay_ms) await new Promise((r) => setTimeout(r, f.delay_ms));
    if (f.error) return send(res, f.http_status, { error: { type: 'OAuthException', fbtrace_id: 'Afake', ...f.error } }, f.headers || {});
    return send(res, f.http_status, f.body || 'upstream failure', f.headers || {});
  }
  if ((op === 'create' || op === 'publish' || op === 'limit') && parts[0] !== USER)
    return graphError(res, 400, 100, 33, 'Unsupported request - object does not exist');
  switch (op) {
    case 'create': {
      const imageUrl = param('image_url');
      if (!imageUrl) return graphError(res, 400, 100, 0, 'The parameter image_url is required');
      if (settings.fetch_image && !(await fetchImage(imageUrl)))
        return graphError(res, 400, 9004, 2207052, 'Media download has failed. The media URI doesn\'t meet our requirements.');
      const id = newId();
      containers[id] = { image_url: imageUrl, caption: param('caption'), alt_text: param('alt_text'),
                         polls: 0, status: 'IN_PROGRESS', media_id: null };
      return send(res, 200, { id });
    }
    case 'status': {
      const c = containers[parts[0]];
      if (c.status === 'IN_PROGRESS' && ++c.polls > settings.polls_before_finished) c.status = settings.container_outcome;
      return send(res, 200, { status_code: c.status, id: parts[0] });
    }
    case 'publish': {
      const c = containers[param('creation_id')];
      if (!c) return graphError(res, 400, 100, 33, 'Unsupported request - object does not exist');
      if (settings.quota_usage >= settings.quota_total)
        return graphError(res, 400, 9, 2207042, 'You reached maximum number of posts that is allowed to be published by Content Publishing API.');
      if (c.status !== 'FINISHED' && c.status !== 'PUBLISHED')
        return graphError(res, 400, 9007, 2207027, 'Media ID is not available');
      // Publishing the same container twice would post twice: tests look for that.
      const id = newId();
      media[id] = { container_id: param('creation_id'), caption: c.caption,
                    permalink: `https://www.instagram.com/p/FAKE${id.slice(-6)}/` };
      c.status = 'PUBLISHED';
      c.media_id = id;
      settings.quota_usage++;
      if (settings.publish_delay_ms) await new Promise((r) => setTimeout(r, settings.publish_delay_ms));
      return send(res, 200, { id });
    }
    case 'limit':
      return send(res, 200, { data: [{ quota_usage: settings.quota_usage,
                                       config: { quota_total: settings.quota_total, quota_duration: 86400 } }] });
    case 'permalink':
      return send(res, 200, { permalink: media[parts[0]].permalink, id: parts[0] });
    default:
      return graphError(res, 400, 100, 33, 'Unsupported request - object does not exist');
  }
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((e) => send(res, 500, { error: { message: String(e), code: 1 } }));
  });
});
server.listen(Number(arg('--port', '0')), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
