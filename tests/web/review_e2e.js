// End-to-end check of the reviewer console in a real browser (Debian's chromium,
// headless, driven by playwright-core). Shares flagged posts through the API, then a
// reviewer signs in and works them with the keyboard only: overturn one (it reaches the
// feed), confirm one with the suggested reason (its account gets a strike), pick another
// reason, write a note and confirm a third whose caption holds markup (shown as text).
// Then a photograph with a face, already confirmed once (so banked by hash_match), comes
// back twice: its face boxes, scores, PDQ match and account history are shown, and one
// keystroke decides both copies as a near-duplicate group. Last, a user report's reason
// shows as text, and the admin's claim on it keeps the reviewer from deciding it. A 1280x800 screenshot of the face item goes to <outdir>/review.png.
//   node tests/web/review_e2e.js <base_url> <reviewer_key> <product_key> <outdir> <face_image> <admin_key>
// Exit 0 on success; 1 with a message on any failed expectation.
'use strict';
const fs = require('fs');
const path = require('path');
const { expect, withBrowser, run } = require('./browser.js');
const { makePng } = require('./png.js');

const [base, reviewerKey, productKey, outdir, faceImage, adminKey] = process.argv.slice(2);
if (!adminKey) {
  console.error('usage: review_e2e.js <base_url> <reviewer_key> <product_key> <outdir> <face_image> <admin_key>');
  process.exit(2);
}
const MARKUP = '<img src=x onerror=alert(1)><b>bold</b> & "quotes"';
const REPORT = '<script>alert(2)</script> this is my photo';

async function call(method, p, key, body) {
  const res = await fetch(base + p, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + key },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json().catch(() => ({})) };
}

// Shares an image (a generated PNG for a number, else file bytes); `flagged` says
// whether the gateway must reject or hold it.
async function share(user, prompt, caption, image, flagged = true) {
  const bytes = typeof image === 'number' ? makePng(320, 240, image) : fs.readFileSync(image);
  const r = await call('POST', '/v1/shares', productKey, { user_id: user, prompt, caption, image: bytes.toString('base64') });
  expect(r.status === 200 && (r.json.decision !== 'approved') === flagged, 'share ' + prompt + ': ' + JSON.stringify(r.json));
  return r.json.share_id;
}

async function main() {
  fs.mkdirSync(outdir, { recursive: true });
  // The face photo was confirmed once before: a strike, and banked by hash_match.
  const earlier = await share('kb_dan', 'studio portrait', '', faceImage);
  const first = await call('POST', '/v1/review/' + earlier, reviewerKey, { action: 'confirm', reason_code: 'photoreal_face' });
  expect(first.status === 200 && first.json.banked === true, 'earlier face confirmed and banked: ' + JSON.stringify(first.json));
  // Oldest first: the console opens them in this order.
  const held = await share('kb_ann', 'my neighbour is a quibbleworth', 'a portrait study', 21);
  const rejected = await share('kb_bob', 'where to buy zorbleflux cheap', 'market day', 22);
  const marked = await share('kb_cat', 'a poster about zorbleflux', MARKUP, 23);
  const face = await share('kb_dan', 'portrait of a quibbleworth', 'me again', faceImage);
  const faceCopy = await share('kb_dan', 'portrait, second try', '', faceImage);
  await share('kb_fay', 'a calm harbour', 'harbour', 24, false);
  const post = (await call('GET', '/v1/feed?limit=100', reviewerKey)).json.items.find((p) => p.user_id === 'kb_fay');
  const report = await call('POST', '/v1/reports', productKey, { post_id: post.post_id, reporter_id: 'kb_gus', reason: REPORT });
  expect(report.status === 200, 'reported: ' + JSON.stringify(report.json));
  const reportedItem = report.json.share_id;
  expect((await call('POST', '/v1/review/' + reportedItem + '/claim', adminKey)).status === 200, 'admin claims the report');
  const stats = (await call('GET', '/v1/review/stats', reviewerKey)).json;
  const codes = stats.reason_codes;
  expect(codes.length >= 2 && codes.includes('illegal'), 'reason codes configured: ' + codes);

  await withBrowser({ width: 1280, height: 800 }, async (context, problems) => {
    const page = await context.newPage();
    // A claim refused with 409 (the admin's claim below) is expected; Chromium logs it.
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 409/.test(m.text())) problems.push(m.text()); });
    page.on('dialog', (d) => { problems.push('a dialog opened: ' + d.message()); d.dismiss(); });
    // Nothing but the gateway is fetched (no CDN, no fonts).
    page.on('request', (r) => { if (!r.url().startsWith(base) && !/^(data|blob):/.test(r.url())) problems.push('outside request ' + r.url()); });
    const waitItem = (id) => page.waitForFunction((want) => document.getElementById('item-title').textContent === want,
                                                  id, { timeout: 15000 });

    // Sign in by keyboard: the key field has focus.
    await page.goto(base + '/review');
    await page.locator('#key').waitFor();
    await page.keyboard.type(reviewerKey);
    await page.keyboard.press('Enter');
    await waitItem(held);
    await page.locator('#claim.mine').filter({ hasText: 'Claimed by you' }).waitFor({ timeout: 10000 });
    const summary = await page.locator('#queue-summary').textContent();
    expect(/6 pending · oldest waiting/.test(summary), 'queue depth and age shown: ' + summary);
    expect(await page.locator('#queue-list li').count() === 6, 'six items listed');

    // j / k move; the mark over the matched term is in the prompt.
    await page.keyboard.press('j');
    await waitItem(rejected);
    await page.keyboard.press('k');
    await waitItem(held);
    expect(await page.locator('#prompt mark').textContent() === 'quibbleworth', 'held term highlighted');

    // 1. Overturn: one keystroke.
    await page.keyboard.press('o');
    await waitItem(rejected);
    await page.locator('#result').filter({ hasText: 'Overturned ' + held }).waitFor({ timeout: 10000 });
    // 2. Confirm with the reason suggested from the code (text_policy_illegal): one keystroke.
    const picked = await page.locator('.reason.picked').textContent();
    expect(picked === (codes.indexOf('illegal') + 1) + ' illegal', 'illegal suggested: ' + picked);
    await page.keyboard.press('c');
    await waitItem(marked);

    // 3. The markup caption is text, not elements; the matched prompt term is marked.
    const caption = page.locator('#caption');
    expect(await caption.textContent() === MARKUP, 'caption literal: ' + await caption.textContent());
    expect(await caption.locator('b, img').count() === 0, 'no elements made from the caption');
    expect(await page.locator('#prompt mark').textContent() === 'zorbleflux', 'rejected term highlighted');
    const rows = await page.locator('#checks tr').allTextContents();
    expect(rows.some((r) => r.includes('text_policy') && r.includes('reject')), 'checks listed: ' + rows);
    expect((await page.locator('#account').textContent()).includes('@kb_cat'), 'account beside the item');
    await page.waitForFunction(() => document.getElementById('image').naturalWidth === 320, null, { timeout: 10000 });
    await page.screenshot({ path: path.join(outdir, 'review-markup.png') });

    // Pick the second reason, write a note, confirm.
    await page.keyboard.press('2');
    expect((await page.locator('.reason.picked').textContent()).endsWith(codes[1]), 'second reason picked');
    await page.keyboard.press('n');
    await page.keyboard.type('poster advertises it');
    await page.keyboard.press('Escape');
    await page.keyboard.press('c');
    await page.locator('#result').filter({ hasText: 'Confirmed ' + marked + ' as ' + codes[1] }).waitFor({ timeout: 10000 });
    expect(await page.locator('#queue-list li.decided').count() === 3, 'three shown as decided');

    // 4. The face photo: boxes over the image, scores, the PDQ match, the account's history.
    await waitItem(face);
    await page.waitForFunction(() => document.querySelectorAll('#overlay .face-box').length > 0, null, { timeout: 15000 });
    const boxLabel = await page.locator('#overlay .face-score').first().textContent();
    expect(/^face \d+\.\d%$/.test(boxLabel), 'face score on the box: ' + boxLabel);
    expect((await page.locator('#scores').textContent()).includes('photorealism'), 'photorealism score shown');
    const hash = await page.locator('#hash').textContent();
    expect(hash.includes('distance') && hash.includes('share ' + earlier), 'PDQ match with the banked share: ' + hash);
    const acct = await page.locator('#account').textContent();
    expect(acct.includes('Strikes: 1 of') && acct.includes('Past decisions (1)'), 'account history: ' + acct);
    expect(await page.locator('#group').isChecked(), 'near-duplicate group offered and on');
    expect(await page.locator('#prompt mark').textContent() === 'quibbleworth', 'face item term highlighted');
    await page.waitForFunction(() => !document.getElementById('toast').classList.contains('show'), null, { timeout: 10000 });
    await page.waitForTimeout(300);  // the toast's fade
    await page.screenshot({ path: path.join(outdir, 'review.png') });
    expect(await page.locator('.reason.picked').textContent() === (codes.indexOf('photoreal_face') + 1) + ' photoreal_face',
           'photoreal_face suggested');
    await page.keyboard.press('c');  // one keystroke: both copies
    await page.locator('#result').filter({ hasText: 'Confirmed ' + face }).waitFor({ timeout: 10000 });
    expect(await page.locator('#queue-list li.decided').count() === 5, 'the near-duplicate decided with it');

    // 5. The user report: its reason is text.
    await page.locator('#reports li').waitFor({ timeout: 10000 });
    expect(await page.locator('#reports .report-reason').textContent() === REPORT, 'report reason literal');
    expect(await page.locator('#reports script').count() === 0, 'no script element from the reason');
    const claim = await page.locator('#claim.other').textContent();
    expect(claim.includes('claimed by ada-admin'), 'who holds the claim: ' + claim);
    expect(await page.locator('#decide').isHidden(), 'no decision on an item another reviewer holds');
    await page.keyboard.press('o');
    expect((await call('GET', '/v1/review/' + reportedItem, reviewerKey)).json.status === 'pending', 'o did nothing');

    // The stats panel shows what the API counts.
    await page.keyboard.press('s');
    const api = (await call('GET', '/v1/review/stats', reviewerKey)).json;
    const tp = api.plugins.text_policy;
    const row = await page.$$eval('#stats-table tr[data-plugin=text_policy] td', (tds) => tds.map((t) => t.textContent));
    const want = ['text_policy', String(tp.flagged), String(tp.confirmed), String(tp.overturned), (tp.precision * 100).toFixed(1) + '%'];
    expect(JSON.stringify(row) === JSON.stringify(want), 'stats row ' + row + ' vs ' + want);
    expect(tp.confirmed >= 2 && tp.overturned === 1, 'text_policy outcomes counted: ' + JSON.stringify(tp));
    const flagged = await page.locator('#flagged-share').textContent();
    expect(flagged.includes('Flagged: ' + api.flagged + ' of ' + api.shares + ' shares') && flagged.includes('above the aim'),
           'flagged share against the aim: ' + flagged);
    await page.keyboard.press('Escape');

    // The decisions landed: the feed has the overturned post, the confirmed account a strike.
    const feed = (await call('GET', '/v1/feed?limit=100', reviewerKey)).json;
    expect(feed.items.some((p) => p.user_id === 'kb_ann'), 'overturned post on the feed');
    const bob = (await call('GET', '/v1/accounts/kb_bob', reviewerKey)).json;
    expect(bob.strikes_in_window === 1, 'confirmed account has a strike: ' + JSON.stringify(bob));
    const third = (await call('GET', '/v1/review/' + marked, reviewerKey)).json;
    expect(third.status === 'confirmed' && third.reason_code === codes[1] && third.note === 'poster advertises it',
           'third decision stored: ' + JSON.stringify(third));
    const second = (await call('GET', '/v1/review/' + rejected, reviewerKey)).json;
    expect(second.reason_code === 'illegal', 'suggested reason stored: ' + second.reason_code);
    const copy = (await call('GET', '/v1/review/' + faceCopy, reviewerKey)).json;
    expect(copy.status === 'confirmed' && copy.reason_code === 'photoreal_face', 'group member decided: ' + copy.status);
    expect(problems.length === 0, 'no errors, dialogs or outside requests: ' + problems.join(' | '));
  });
  console.log('review e2e: ok; screenshot in ' + outdir);
}

run(main);
