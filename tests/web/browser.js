// What the browser test scripts share: Debian's chromium (or $POSTERN_CHROMIUM), headless
// through playwright-core in a throwaway profile; an expect() that fails with a message;
// and the wrapper that turns a failure into exit status 1.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

function expect(cond, msg) {
  if (!cond) throw new Error('expectation failed: ' + msg);
}

// Runs fn(context, problems) in a fresh browser with this viewport; uncaught page errors
// are pushed onto `problems` for the script to check. The profile is removed afterwards.
async function withBrowser(viewport, fn) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postern-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.POSTERN_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport,
    acceptDownloads: true,  // the admin page's bank export is a download
  });
  const problems = [];
  context.on('weberror', (e) => problems.push(String(e.error())));
  try {
    return await fn(context, problems);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

function run(main) {
  main().catch((e) => {
    console.error(e.stack || String(e));
    process.exit(1);
  });
}

module.exports = { expect, withBrowser, run };
