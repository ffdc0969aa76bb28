// Shared by the browser test scripts: Debian's chromium ($POSTERN_CHROMIUM overrides)
// driven by playwright-core in a throw-away profile, and failures as exit code 1.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

function expect(cond, msg) {
  if (!cond) throw new Error('expectation failed: ' + msg);
}

// Runs `body(context)` in a fresh headless chromium with `viewport`; closes it and
// removes its profile afterwards, whatever happened.
async function withChromium(viewport, body) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postern-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.POSTERN_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport,
    acceptDownloads: true,
  });
  try {
    return await body(context);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

// Runs a script's async main: prints the failure and exits 1 if it throws.
function runMain(main) {
  main().catch((e) => {
    console.error(e.stack || String(e));
    process.exit(1);
  });
}

module.exports = { expect, withChromium, runMain };
