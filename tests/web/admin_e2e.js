// The operators' page /admin in a real browser (Debian's chromium, headless, driven by
// playwright-core). The gateway holds a dead webhook delivery of <share_id> and an audit
// entry with markup in its actor and details (made by tests/web/admin_e2e_test.cc).
// Steps: a wrong key is refused; the plugin chain shows stored verdicts; the admin fixes
// the receiver, retries the dead delivery on the page and sees it delivered; markup in
// audit entries shows as text and filters work; a bank imports from the textarea and
// exports as a download. The 1280x800 screenshot goes to <outdir>/admin.png.
//   node tests/web/admin_e2e.js <base_url> <admin_key> <receiver_url> <share_id> <outdir>
// Exit 0 on success; 1 with a message on any failed expectation.
'use strict';
const fs = require('fs');
const path = require('path');
const { expect, withBrowser, run } = require('./browser.js');

const [base, adminKey, receiver, shareId, outdir] = process.argv.slice(2);
if (!outdir) {
  console.error('usage: admin_e2e.js <base_url> <admin_key> <receiver_url> <share_id> <outdir>');
  process.exit(2);
}
const MARKUP_ACTOR = '<b>rep</b>';
const MARKUP_REASON = '<img src=x onerror="window.__pwned=1">spam';

async function main() {
  fs.mkdirSync(outdir, { recursive: true });
  await withBrowser({ width: 1280, height: 800 }, async (context) => {
    const browserErrors = [];
    context.on('weberror', (e) => browserErrors.push(String(e.error())));
    const page = await context.newPage();
    // Console errors count from the sign-in on (the wrong key's 401 is logged by chromium).
    let signedIn = false;
    page.on('console', (m) => { if (signedIn && m.type() === 'error') browserErrors.push(m.text()); });
    // Only the gateway is reachable: any other request would be a CDN font or script.
    const offsite = [];
    page.on('request', (req) => { if (!req.url().startsWith(base) && !/^(data|blob):/.test(req.url())) offsite.push(req.url()); });

    // 1. A wrong key is refused, the admin key signs in.
    await page.goto(base + '/admin');
    await page.fill('#key', 'not-an-admin-key');
    await page.click('#login button[type=submit]');
    await page.locator('#login-error').filter({ hasText: 'not an admin key' }).waitFor({ timeout: 10000 });
    await page.fill('#key', adminKey);
    signedIn = true;
    await page.click('#login button[type=submit]');

    // 2. The chain in force with what the store counted: image_guard allowed the share.
    const guard = page.locator('#plugins tr[data-plugin=image_guard]');
    await guard.waitFor({ timeout: 15000 });
    const verdicts = await guard.locator('.verdict-line').allTextContents();
    expect(JSON.stringify(verdicts) === JSON.stringify(['enforceallow 1']), 'image_guard verdicts shown: ' + verdicts);
    expect(await page.locator('#plugins tr[data-plugin=hash_match]').count() === 1, 'hash_match in the chain');

    // 3. The dead delivery is listed; the screenshot shows the page as an operator finds it.
    const dead = page.locator('#dead tr[data-share-id="' + shareId + '"]');
    await dead.waitFor({ timeout: 15000 });
    const deadText = await dead.textContent();
    expect(deadText.includes('webhook') && deadText.includes('422'), 'dead row shows destination and error: ' + deadText);
    await page.locator('#audit tbody tr').first().waitFor({ timeout: 15000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(outdir, 'admin.png') });

    // 4. The receiver is fixed; Retry on the page delivers it.
    await fetch(receiver + '/_mode', { method: 'POST', body: JSON.stringify({ path: '/hook' }) });
    await dead.locator('button[data-action=retry]').click();
    await dead.locator('.delivery-status .badge.delivered').waitFor({ timeout: 30000 });
    const got = await (await fetch(receiver + '/_received')).json();
    expect(got.filter((m) => m.status === 200).length === 1, 'the receiver accepted the post once: ' + JSON.stringify(got.map((m) => m.status)));

    // 5. Audit: markup in the actor and details is text; no element was made from it.
    const reportRow = page.locator('#audit tr', { hasText: 'report.create' });
    await reportRow.waitFor({ timeout: 10000 });
    const cells = await reportRow.locator('td').allTextContents();
    expect(cells[1] === MARKUP_ACTOR, 'actor shown literally: ' + cells[1]);
    expect(cells[4].includes(JSON.stringify(MARKUP_REASON).slice(1, -1)), 'reason shown literally: ' + cells[4]);
    expect(await page.locator('#audit img, #audit b').count() === 0, 'no elements made from audit text');
    expect(await page.evaluate(() => window.__pwned === undefined), 'no script ran from audit text');
    // The retry itself is audited, and the filters narrow the list.
    await page.fill('#audit-filters input[name=action]', 'delivery.');
    await page.click('#audit-filters button[type=submit]');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('#audit tbody tr')];
      return rows.length === 1 && rows[0].textContent.includes('delivery.retry');
    }, null, { timeout: 10000 });
    await page.click('#audit-clear');
    await page.fill('#audit-filters input[name=actor]', MARKUP_ACTOR);
    await page.click('#audit-filters button[type=submit]');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('#audit tbody tr')];
      return rows.length === 1 && rows[0].textContent.includes('report.create');
    }, null, { timeout: 10000 });

    // 6. Banks: import two hashes from the textarea, then export them as a download.
    const h1 = 'f'.repeat(63) + '0', h2 = '1'.repeat(64);
    await page.fill('#import-bank', 'partner');
    await page.fill('#import-text', '# from a partner\n' + h1 + ',90,partner list\n' + h2 + '\n');
    await page.click('#import button[type=submit]');
    await page.locator('#import-result').filter({ hasText: '2 new of 2' }).waitFor({ timeout: 10000 });
    const bank = page.locator('#banks tr[data-bank=partner]');
    await bank.locator('td.hashes', { hasText: '2' }).waitFor({ timeout: 10000 });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }),
                                          bank.locator('button[data-action=export]').click()]);
    expect(download.suggestedFilename() === 'partner.pdq.txt', 'download name: ' + download.suggestedFilename());
    const text = fs.readFileSync(await download.path(), 'utf8');
    expect(text.includes(h1 + ',90,partner list\n') && text.includes(h2), 'export holds the imported hashes: ' + text);

    expect(offsite.length === 0, 'the page asked only the gateway: ' + offsite.join(' '));
    expect(browserErrors.length === 0, 'no errors in the page: ' + browserErrors.join(' | '));
  });
  console.log('admin e2e: ok; screenshot in ' + outdir);
}

run(main);
