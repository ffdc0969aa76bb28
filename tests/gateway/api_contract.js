// Checks a running gateway's real responses against its own OpenAPI description
// (GET /openapi.json): every response's status must be one the operation documents, its
// media type one the status documents, and a JSON body must validate (ajv, JSON Schema
// 2020-12 as OpenAPI 3.1 uses) against the documented schema, error codes included.
// Walks every operation to a success response and the error paths (400, 401, 403, 404,
// 405, 409, 415, 422); fails if any operation's success response was never checked.
//   node tests/gateway/api_contract.js <base_url> <product_key> <reviewer_key> <curator_key> <admin_key>
// Exit 0 on success; 1 listing every mismatch.
'use strict';
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');
const { makePng } = require('../web/png.js');

const [base, productKey, reviewerKey, curatorKey, adminKey] = process.argv.slice(2);
if (!adminKey) {
  console.error('usage: api_contract.js <base_url> <product_key> <reviewer_key> <curator_key> <admin_key>');
  process.exit(2);
}
const DOC_ID = 'urn:postern:openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const failures = [];
const succeeded = new Set();  // "METHOD template" whose 2xx response matched
let doc;
let ajv;
const compiled = new Map();

function fail(msg) {
  failures.push(msg);
}

function expect(cond, msg) {
  if (!cond) fail('expectation failed: ' + msg);
}

const escapePointer = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const mediaType = (ct) => (ct || '').split(';')[0].trim().toLowerCase();

// The validator of the JSON schema at `pointer` ("#/...") inside the description.
function validatorAt(pointer) {
  if (!compiled.has(pointer)) compiled.set(pointer, ajv.compile({ $ref: DOC_ID + pointer }));
  return compiled.get(pointer);
}

// The response object at `pointer` and its own pointer, following a components $ref.
function responseAt(pointer) {
  let obj = doc;
  for (const part of pointer.slice(2).split('/')) obj = obj[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (obj && obj.$ref) return responseAt(obj.$ref);
  return { obj, pointer };
}

// Checks one response against a documented response object (found at `pointer`).
function checkAgainst(what, res, pointer) {
  const { obj: documented, pointer: at } = responseAt(pointer);
  const type = mediaType(res.contentType);
  const content = documented.content || {};
  if (!documented.content) {  // documented without a body (204): none may come
    if (res.bytes !== 0 || type) fail(`${what}: a body or media type "${type}" where none is documented`);
    return;
  }
  if (!Object.prototype.hasOwnProperty.call(content, type)) {
    fail(`${what}: media type "${type}" is not documented (documented: ${Object.keys(content).join(', ')})`);
    return;
  }
  if (type !== 'application/json') return;
  let body;
  try {
    body = JSON.parse(res.text);
  } catch (e) {
    fail(`${what}: body is not JSON: ${res.text.slice(0, 200)}`);
    return;
  }
  const validate = validatorAt(at + '/content/application~1json/schema');
  if (!validate(body))
    fail(`${what}: body does not match ${at}: ${ajv.errorsText(validate.errors)}\n  body: ${res.text.slice(0, 600)}`);
  for (const name of Object.keys(documented.headers || {})) {
    const value = res.headers.get(name);
    const schema = documented.headers[name].schema || {};
    if (value !== null && schema.const !== undefined && value !== schema.const)
      fail(`${what}: header ${name}: "${value}" is not "${schema.const}"`);
  }
}

// Sends a request to an operation of the description, checks the response against the
// operation, and returns {status, headers, contentType, text, json}.
async function call(method, template, vars = {}, opts = {}) {
  let path = template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(vars[name]));
  if (opts.query) path += '?' + new URLSearchParams(opts.query).toString();
  const headers = Object.assign({}, opts.headers || {});
  if (opts.key) headers.Authorization = 'Bearer ' + opts.key;
  let body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] = 'application/json';
  } else if (opts.text !== undefined) {
    body = opts.text;
    headers['Content-Type'] = 'text/plain';
  }
  const r = await fetch(base + path, { method, headers, body });
  const buf = Buffer.from(await r.arrayBuffer());
  const res = { status: r.status, headers: r.headers, contentType: r.headers.get('content-type'),
                text: buf.toString('utf8'), bytes: buf.length };
  try {
    res.json = JSON.parse(res.text);
  } catch (e) {
    res.json = undefined;
  }
  const what = `${method} ${path} -> ${res.status}`;
  const op = (doc.paths[template] || {})[method.toLowerCase()];
  if (!op) {
    fail(`${what}: ${method} ${template} is not in the description`);
    return res;
  }
  if (!op.responses[String(res.status)]) {
    fail(`${what}: status ${res.status} is not documented for ${method} ${template}: ${res.text.slice(0, 300)}`);
  } else {
    const before = failures.length;
    checkAgainst(what, res, `#/paths/${escapePointer(template)}/${method.toLowerCase()}/responses/${res.status}`);
    if (res.status < 300 && failures.length === before) succeeded.add(`${method} ${template}`);
  }
  if (opts.expect !== undefined) {
    const [status, code] = Array.isArray(opts.expect) ? opts.expect : [opts.expect];
    expect(res.status === status, `${what}: expected ${status}: ${res.text.slice(0, 300)}`);
    if (code) expect(res.json && res.json.error && res.json.error.code === code, `${what}: expected code ${code}`);
  }
  return res;
}

// A response to a request no operation takes, checked against a components response.
async function callUnrouted(method, path, component) {
  const r = await fetch(base + path, { method });
  const res = { status: r.status, headers: r.headers, contentType: r.headers.get('content-type'), text: await r.text() };
  checkAgainst(`${method} ${path} -> ${res.status}`, res, '#/components/responses/' + component);
  return res;
}

const png = (w, h, seed) => makePng(w, h, seed).toString('base64');

async function share(user, prompt, seed, extra = {}) {
  const res = await call('POST', '/v1/shares', {}, {
    key: productKey, json: Object.assign({ user_id: user, prompt, image: png(48, 40, seed) }, extra), expect: 200,
  });
  return res.json;
}

async function pages() {
  await call('GET', '/healthz', {}, { expect: 200 });
  await call('GET', '/metrics', {}, { expect: 200 });
  await call('GET', '/openapi.json', {}, { expect: 200 });
  await call('GET', '/showcase', {}, { expect: 200 });
  await call('GET', '/curate', {}, { expect: 200 });
  await call('GET', '/review', {}, { expect: 200 });
  await call('GET', '/admin', {}, { expect: 200 });
  // What a front's auth_request asks: 204 goes on, 401/403 stop the request there.
  const original = (method, uri) => ({ 'X-Original-Method': method, 'X-Original-URI': uri });
  await call('GET', '/v1/auth-check', {}, { headers: original('GET', '/v1/feed'), expect: 204 });
  await call('GET', '/v1/auth-check', {}, { headers: original('POST', '/v1/shares'), expect: [401, 'unauthorized'] });
  await call('GET', '/v1/auth-check', {}, { key: reviewerKey, headers: original('POST', '/v1/shares'),
                                           expect: [403, 'forbidden'] });
  await call('GET', '/v1/auth-check', {}, { key: productKey, headers: original('POST', '/v1/shares'), expect: 204 });
  await call('GET', '/v1/auth-check', {}, { expect: [400, 'invalid_auth_check'] });
  await call('GET', '/web/{file}', { file: 'style.css' }, { expect: 200 });
  await call('GET', '/web/{file}', { file: 'absent.css' }, { expect: [404, 'not_found'] });
}

// Shares and their error paths; returns the ids the later steps need.
async function shares() {
  const first = await share('alice', 'a lighthouse, watercolour', 1, { caption: '<b>not bold</b>' });
  expect(first.decision === 'approved', 'alice approved: ' + JSON.stringify(first));
  const key = 'contract-' + Date.now();
  const body = { user_id: 'alice', prompt: 'a quiet harbour', image: png(48, 40, 2) };
  await call('POST', '/v1/shares', {}, { key: productKey, json: body, headers: { 'Idempotency-Key': key }, expect: 200 });
  const replay = await call('POST', '/v1/shares', {}, { key: productKey, json: body, headers: { 'Idempotency-Key': key } });
  expect(replay.headers.get('idempotent-replayed') === 'true', 'replay is marked');
  await call('POST', '/v1/shares', {}, { key: productKey, json: Object.assign({}, body, { prompt: 'other' }),
                                         headers: { 'Idempotency-Key': key }, expect: [422, 'idempotency_key_reused'] });
  const dying = await share('bob', 'a kite over dunes', 3, { destinations: ['webhook'] });
  const flagged = [];
  for (let i = 0; i < 4; i++) {
    const j = await share('mallory', 'zorbleflux for sale ' + i, 10 + i);
    expect(j.decision === 'rejected', 'mallory rejected: ' + JSON.stringify(j));
    flagged.push(j.share_id);
  }
  await call('GET', '/v1/shares/{share_id}', { share_id: first.share_id }, { key: productKey, expect: 200 });
  await call('GET', '/v1/shares/{share_id}', { share_id: 'shr_absent' }, { key: productKey, expect: [404, 'not_found'] });
  const raw = (text) => ({ key: productKey, headers: { 'Content-Type': 'application/json' } , text });
  await call('POST', '/v1/shares', {}, Object.assign(raw('{'), { expect: [400, 'invalid_json'] }));
  await call('POST', '/v1/shares', {}, { key: productKey, json: {}, expect: [400, 'missing_field'] });
  await call('POST', '/v1/shares', {}, { key: productKey, json: Object.assign({}, body, { colour: 1 }),
                                         expect: [400, 'unknown_field'] });
  await call('POST', '/v1/shares', {}, { json: body, expect: [401, 'unauthorized'] });
  await call('POST', '/v1/shares', {}, { key: 'not-a-key', json: body, expect: [401, 'unauthorized'] });
  await call('POST', '/v1/shares', {}, { key: reviewerKey, json: body, expect: [403, 'forbidden'] });
  const gif = Buffer.from('GIF89a\x10\x00\x10\x00\x00\x00\x00;', 'latin1').toString('base64');
  await call('POST', '/v1/shares', {}, { key: productKey, json: Object.assign({}, body, { image: gif }),
                                         expect: [415, 'unsupported_format'] });
  const truncated = makePng(48, 40, 5).subarray(0, 60).toString('base64');
  await call('POST', '/v1/shares', {}, { key: productKey, json: Object.assign({}, body, { image: truncated }),
                                         expect: [422, 'image_undecodable'] });
  await call('POST', '/v1/shares', {}, { key: productKey, json: Object.assign({}, body, { destinations: ['nowhere'] }),
                                         expect: [422, 'unknown_destination'] });
  return { approved: first.share_id, dying: dying.share_id, flagged };
}

async function review(ids) {
  const [a, b, c, d] = ids.flagged;
  const list = await call('GET', '/v1/review', {}, { key: reviewerKey, expect: 200 });
  expect(list.json.items.length >= 4, 'four pending items');
  await call('GET', '/v1/review', {}, { key: reviewerKey, query: { limit: '0' }, expect: [400, 'invalid_parameter'] });
  await call('GET', '/v1/review', {}, { key: reviewerKey, query: { cursor: 'bogus' }, expect: [400, 'invalid_cursor'] });
  await call('GET', '/v1/review', {}, { key: productKey, expect: [403, 'forbidden'] });
  await call('GET', '/v1/review/stats', {}, { key: reviewerKey, expect: 200 });
  await call('GET', '/v1/review/{share_id}', { share_id: a }, { key: reviewerKey, expect: 200 });
  await call('GET', '/v1/review/{share_id}', { share_id: 'shr_absent' }, { key: reviewerKey, expect: [404, 'not_found'] });
  await call('POST', '/v1/review/{share_id}/claim', { share_id: a }, { key: reviewerKey, expect: 200 });
  await call('POST', '/v1/review/{share_id}/claim', { share_id: a }, { key: adminKey, expect: [409, 'claimed_by_other'] });
  await call('POST', '/v1/review/{share_id}/release', { share_id: a }, { key: reviewerKey, expect: 200 });
  await call('POST', '/v1/review/{share_id}/release', { share_id: a }, { key: reviewerKey, expect: [404, 'not_found'] });
  await call('GET', '/v1/review/{share_id}/image', { share_id: d }, { key: reviewerKey, expect: 200 });
  const decision = { action: 'confirm', reason_code: 'illegal', note: 'sale of <i>contraband</i>' };
  await call('POST', '/v1/review/{share_id}', { share_id: a }, { key: reviewerKey, json: decision, expect: 200 });
  await call('POST', '/v1/review/{share_id}', { share_id: a }, { key: reviewerKey, json: decision,
                                                                 expect: [409, 'already_decided'] });
  await call('POST', '/v1/review/{share_id}', { share_id: 'shr_absent' }, { key: reviewerKey, json: decision,
                                                                            expect: [404, 'not_found'] });
  await call('POST', '/v1/review/{share_id}', { share_id: b }, { key: reviewerKey, json: { action: 'maybe' },
                                                                 expect: [400, 'invalid_field'] });
  const group = await call('POST', '/v1/review/{share_id}', { share_id: b }, {
    key: reviewerKey, json: { action: 'overturn', note: 'a joke', apply_to_group: true }, expect: 200 });
  expect(Array.isArray(group.json.results), 'a group decision answers per item');
  const bulk = await call('POST', '/v1/review/bulk', {}, {
    key: reviewerKey, json: Object.assign({ share_ids: [c, 'shr_absent'] }, decision), expect: 200 });
  expect(bulk.json.decided === 1 && bulk.json.results[1].http_status === 404, 'bulk: one decided, one 404');
  await call('POST', '/v1/review/bulk', {}, { key: reviewerKey, json: {}, expect: [400, 'missing_field'] });
  await call('GET', '/v1/review', {}, { key: reviewerKey, query: { status: 'confirmed' }, expect: 200 });
}

async function reportsAndAccounts(ids) {
  await call('POST', '/v1/reports', {}, { key: productKey, json: { share_id: ids.approved, reporter_id: 'r1', reason: 'spam' },
                                          expect: 200 });
  await call('POST', '/v1/reports', {}, { key: productKey, json: { reporter_id: 'r1' }, expect: [400, 'missing_field'] });
  await call('POST', '/v1/reports', {}, { key: productKey, json: { share_id: 'shr_absent', reporter_id: 'r1' },
                                          expect: [404, 'not_found'] });
  await call('GET', '/v1/accounts/{user_id}', { user_id: 'mallory' }, { key: reviewerKey, expect: 200 });
  await call('POST', '/v1/accounts/{user_id}/appeal', { user_id: 'mallory' }, { key: productKey, expect: 200 });
  await call('POST', '/v1/accounts/{user_id}/appeal', { user_id: 'mallory' }, { key: productKey,
                                                                                expect: [409, 'appeal_used'] });
  await call('POST', '/v1/accounts/{user_id}/appeal', { user_id: 'nobody' }, { key: productKey, expect: [404, 'not_found'] });
  await call('POST', '/v1/accounts/{user_id}/reinstate', { user_id: 'mallory' }, { key: adminKey, expect: 200 });
  await call('POST', '/v1/accounts/{user_id}/reinstate', { user_id: 'mallory' }, { key: reviewerKey,
                                                                                   expect: [403, 'forbidden'] });
}

async function feed() {
  const list = await call('GET', '/v1/feed', {}, { expect: 200 });
  expect(list.json.items.length >= 1, 'the feed has posts');
  const post = list.json.items[0].post_id;
  await call('GET', '/v1/feed', {}, { query: { include_hidden: 'true' }, expect: [401, 'unauthorized'] });
  await call('GET', '/v1/feed', {}, { key: productKey, query: { include_hidden: 'true' }, expect: [403, 'forbidden'] });
  const curator = await call('GET', '/v1/feed', {}, { key: curatorKey, query: { include_hidden: 'true', limit: '5' },
                                                      expect: 200 });
  expect(Array.isArray(curator.json.items[0].deliveries), 'the curator view shows deliveries');
  await call('GET', '/v1/feed', {}, { query: { cursor: 'bogus' }, expect: [400, 'invalid_cursor'] });
  await call('GET', '/v1/feed/{post_id}', { post_id: post }, { expect: 200 });
  await call('GET', '/v1/feed/{post_id}', { post_id: 'post_absent' }, { expect: [404, 'not_found'] });
  await call('PATCH', '/v1/feed/{post_id}', { post_id: post }, { key: curatorKey, json: { caption: 'Dunes', position: 2 },
                                                                  expect: 200 });
  await call('PATCH', '/v1/feed/{post_id}', { post_id: post }, { key: curatorKey, json: { colour: 'red' },
                                                                  expect: [400, 'unknown_field'] });
  await call('POST', '/v1/feed/{post_id}/{action}', { post_id: post, action: 'feature' }, { key: curatorKey, expect: 200 });
  await call('POST', '/v1/feed/{post_id}/{action}', { post_id: post, action: 'explode' }, { key: curatorKey,
                                                                                             expect: [404, 'not_found'] });
  await call('GET', '/v1/media/{id}', { id: post }, { expect: 200 });
  await call('GET', '/v1/media/{id}', { id: 'post_absent' }, { expect: [404, 'not_found'] });
}

async function admin(ids) {
  await call('GET', '/v1/admin/plugins', {}, { key: adminKey, expect: 200 });
  await call('GET', '/v1/admin/plugins', {}, { key: curatorKey, expect: [403, 'forbidden'] });
  await call('POST', '/v1/admin/reload', {}, { key: adminKey, expect: 200 });
  // The webhook delivery to a closed port dies after its one attempt.
  let dead;
  for (let i = 0; i < 100 && !dead; i++) {
    const r = await call('GET', '/v1/admin/deliveries', {}, { key: adminKey, query: { status: 'dead' }, expect: 200 });
    dead = r.json.items.find((x) => x.share_id === ids.dying);
    if (!dead) await new Promise((ok) => setTimeout(ok, 100));
  }
  expect(dead, 'the webhook delivery died');
  if (dead) await call('POST', '/v1/admin/deliveries/{delivery_id}/retry', { delivery_id: dead.id }, { key: adminKey,
                                                                                                       expect: 200 });
  const delivered = await call('GET', '/v1/admin/deliveries', {}, { key: adminKey, query: { status: 'delivered' },
                                                                    expect: 200 });
  await call('POST', '/v1/admin/deliveries/{delivery_id}/retry', { delivery_id: delivered.json.items[0].id },
             { key: adminKey, expect: [409, 'not_dead'] });
  await call('POST', '/v1/admin/deliveries/{delivery_id}/retry', { delivery_id: 'dlv_absent' }, { key: adminKey,
                                                                                                  expect: [404, 'not_found'] });
  await call('GET', '/v1/admin/deliveries', {}, { key: adminKey, query: { status: 'lost' }, expect: [400, 'invalid_parameter'] });
  await call('GET', '/v1/admin/audit', {}, { key: adminKey, expect: 200 });
  await call('GET', '/v1/admin/audit', {}, { key: adminKey, query: { action: 'feed.', limit: '2' }, expect: 200 });
  await call('GET', '/v1/admin/audit', {}, { key: adminKey, query: { cursor: 'bogus' }, expect: [400, 'invalid_cursor'] });
  await call('GET', '/v1/admin/banks', {}, { key: adminKey, expect: 200 });
  await call('GET', '/v1/admin/banks', {}, { key: reviewerKey, expect: [403, 'forbidden'] });
  await call('GET', '/v1/admin/audit', {}, { key: adminKey, query: { limit: 'many' }, expect: [400, 'invalid_parameter'] });
  const hash = 'f'.repeat(32) + '0'.repeat(32);
  await call('POST', '/v1/admin/banks/{bank}/import', { bank: 'contract' }, { key: adminKey, text: hash + ',100,test\n',
                                                                               expect: 200 });
  await call('POST', '/v1/admin/banks/{bank}/import', { bank: 'contract' }, { key: adminKey, text: 'no hashes here\n',
                                                                               expect: [400, 'invalid_bank_file'] });
  await call('POST', '/v1/admin/banks/{bank}/import', { bank: 'Bad Name!' }, { key: adminKey, text: hash + '\n',
                                                                                expect: [400, 'invalid_bank'] });
  const exported = await call('GET', '/v1/admin/banks/{bank}/export', { bank: 'contract' }, { key: adminKey, expect: 200 });
  expect(exported.text.includes(hash), 'the export holds the imported hash');
}

async function unrouted() {
  const wrong = await callUnrouted('DELETE', '/v1/feed', 'MethodNotAllowed');
  expect(wrong.status === 405 && wrong.headers.get('allow') === 'GET, HEAD, OPTIONS', '405 with Allow');
  const nowhere = await callUnrouted('GET', '/v1/nowhere', 'NotFound');
  expect(nowhere.status === 404, 'an unknown path is 404');
}

async function main() {
  const served = await fetch(base + '/openapi.json');
  doc = await served.json();
  // OpenAPI's own keywords at the top are not JSON Schema: known to ajv, so strict mode
  // still refuses any unknown keyword inside the schemas.
  ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  ajv.addVocabulary(['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components',
                     'security', 'tags', 'externalDocs']);
  addFormats(ajv);
  ajv.addSchema(Object.assign({}, doc, { $id: DOC_ID }));

  await pages();
  const ids = await shares();
  await review(ids);
  await reportsAndAccounts(ids);
  await feed();
  await admin(ids);
  await unrouted();

  for (const template of Object.keys(doc.paths))
    for (const method of METHODS)
      if (doc.paths[template][method] && !succeeded.has(`${method.toUpperCase()} ${template}`))
        fail(`no success response of ${method.toUpperCase()} ${template} was checked`);
  if (failures.length) {
    console.error(failures.length + ' contract failures:\n' + failures.join('\n'));
    process.exit(1);
  }
  console.log(`every operation's success response matched (${succeeded.size} operations, ` +
              `${compiled.size} response schemas)`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
