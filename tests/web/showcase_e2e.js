// End-to-end check of the showcase and curation pages in a real browser (Debian's
// chromium, headless, driven by playwright-core): share images through the API, see
// them on /showcase, feature and reorder on /curate, hide one and see it vanish from
// /showcase. Screenshots of each page go to <outdir>.
//   node tests/web/showcase_e2e.js <base_url> <curator_key> <product_key> <outdir>
// Exit 0 on success; 1 with a message on any failed expectation.
'use strict';
const fs = require('fs');
const path = require('path');
const { expect, withChromium, runMain } = require('./browser.js');
const { makePng } = require('./png.js');

const [base, curatorKey, productKey, outdir] = process.argv.slice(2);
if (!outdir) {
  console.error('usage: showcase_e2e.js <base_url> <curator_key> <product_key> <outdir>');
  process.exit(2);
}
const run = Math.random().toString(36).slice(2, 8);
const captions = ['Dunes at first light ' + run, 'Harbour cranes in fog ' + run, 'Orchard after rain ' + run];

async function share(i) {
  const res = await fetch(base + '/v1/shares', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + productKey },
    body: JSON.stringify({ user_id: 'e2e_user' + i, prompt: 'landscape study ' + i, caption: captions[i],
                           image: makePng(480, 480, 11 + i).toString('base64') }),
  });
  const j = await res.json();
  expect(res.status === 200 && j.decision === 'approved', 'share ' + i + ' approved: ' + JSON.stringify(j));
  return j.share_id;
}

// The public feed's captions, straight from the API, for cross-checking the pages.
async function publicCaptions() {
  const j = await (await fetch(base + '/v1/feed?limit=100')).json();
  return j.items.map((p) => p.caption);
}

async function main() {
  fs.mkdirSync(outdir, { recursive: true });
  for (let i = 0; i < captions.length; i++) await share(i);

  await withChromium({ width: 1280, height: 900 }, async (context) => {
    const browserErrors = [];
    context.on('weberror', (e) => browserErrors.push(String(e.error())));
    // 1. The public showcase shows every shared post, with lazy images that load.
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') browserErrors.push(m.text()); });
    await page.goto(base + '/showcase');
    for (const c of captions) await page.getByText(c, { exact: true }).waitFor({ timeout: 15000 });
    const lazy = await page.$$eval('#grid img', (imgs) => imgs.map((i) => i.loading));
    expect(lazy.length >= 3 && lazy.every((l) => l === 'lazy'), 'images are loading="lazy": ' + lazy);
    const tile = page.locator('figure.tile', { hasText: captions[0] });
    await tile.locator('img').scrollIntoViewIfNeeded();
    await page.waitForFunction((c) => {
      const fig = [...document.querySelectorAll('figure.tile')].find((f) => f.textContent.includes(c));
      const img = fig && fig.querySelector('img');
      return img && img.complete && img.naturalWidth === 480;
    }, captions[0], { timeout: 15000 });
    expect(await page.locator('#more').isHidden(), '"Load more" is hidden when every post is shown');
    await page.screenshot({ path: path.join(outdir, 'showcase.png'), fullPage: true });

    // 2. /curate asks for the key; a wrong one is refused.
    const cur = await context.newPage();
    await cur.goto(base + '/curate');
    await cur.fill('#key', 'not-a-curator-key');
    await cur.click('#login button[type=submit]');
    await cur.locator('#login-error').filter({ hasText: 'not a curator key' }).waitFor({ timeout: 10000 });
    await cur.fill('#key', curatorKey);
    await cur.click('#login button[type=submit]');
    const row = (c) => cur.locator('article.item', { has: cur.locator('textarea') }).filter({
      has: cur.locator(`xpath=.//textarea[. = "${c}"]`) });
    for (const c of captions) await row(c).waitFor({ timeout: 15000 });
    const chips = await row(captions[0]).locator('.deliveries .badge').allTextContents();
    expect(chips.some((t) => t.startsWith('showcase')), 'deliveries shown: ' + chips);

    // 3. Feature two posts, then drag the second above the first.
    await row(captions[1]).locator('button[data-action=feature]').click();
    await cur.locator('#featured article.item').filter({ has: cur.locator(`xpath=.//textarea[. = "${captions[1]}"]`) }).waitFor();
    await row(captions[2]).locator('button[data-action=feature]').click();
    await cur.locator('#featured article.item').nth(1).waitFor();
    const order = async () => cur.$$eval('#featured article.item textarea', (t) => t.map((x) => x.value));
    expect(JSON.stringify(await order()) === JSON.stringify([captions[1], captions[2]]), 'featured order ' + await order());
    await cur.locator('#featured article.item').nth(1).locator('.handle')
      .dragTo(cur.locator('#featured article.item').nth(0), { targetPosition: { x: 10, y: 5 } });
    await cur.waitForFunction((want) => {
      const t = [...document.querySelectorAll('#featured article.item textarea')].map((x) => x.value);
      return JSON.stringify(t) === want;
    }, JSON.stringify([captions[2], captions[1]]), { timeout: 10000 });
    // The order is stored: the public API lists featured posts in the new order.
    const pub = await publicCaptions();
    expect(pub.indexOf(captions[2]) < pub.indexOf(captions[1]) && pub.indexOf(captions[1]) < pub.indexOf(captions[0]),
           'public order after drag: ' + pub);

    // 4. Edit a caption.
    const edited = captions[0] + ' (edited)';
    await row(captions[0]).locator('textarea').fill(edited);
    await row(captions[0]).locator('button[data-action=caption]').click();
    await cur.locator('#toast').filter({ hasText: 'Caption saved' }).waitFor({ timeout: 10000 });
    expect((await publicCaptions()).includes(edited), 'caption edit reached the API');
    captions[0] = edited;

    // 5. Hide one post.
    await row(captions[0]).locator('button[data-action=hide]').click();
    await row(captions[0]).locator('.badge.hidden').waitFor({ timeout: 10000 });
    await cur.screenshot({ path: path.join(outdir, 'curate.png'), fullPage: true });

    // 6. The showcase no longer shows it; the others stay.
    await page.reload();
    await page.getByText(captions[1], { exact: true }).waitFor({ timeout: 15000 });
    expect(await page.getByText(captions[0], { exact: true }).count() === 0, 'hidden post is gone from /showcase');
    expect(!(await publicCaptions()).includes(captions[0]), 'hidden post is gone from the public API');
    const first = await page.$$eval('figure.tile .caption', (c) => c.slice(0, 2).map((x) => x.textContent));
    expect(first[0] === captions[2] && first[1] === captions[1], 'featured first, in curated order: ' + first);
    await page.screenshot({ path: path.join(outdir, 'showcase-after-hide.png'), fullPage: true });

    // 7. A narrow (phone) viewport still lays out: one column.
    await page.setViewportSize({ width: 390, height: 844 });
    const cols = await page.$eval('#grid', (g) => getComputedStyle(g).gridTemplateColumns.split(' ').length);
    expect(cols === 1, 'one column on a phone, got ' + cols);
    await page.screenshot({ path: path.join(outdir, 'showcase-phone.png') });

    expect(browserErrors.length === 0, 'no errors in the pages: ' + browserErrors.join(' | '));
  });
  console.log('showcase e2e: ok; screenshots in ' + outdir);
}

runMain(main);
