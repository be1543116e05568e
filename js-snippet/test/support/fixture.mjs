// Shared set-up of the browser test files: one local server and one Chromium per file, a fresh
// browser context per test, HubSpot interception, console capture, and the no-external-request check.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launch, intercept, html } from './browser.mjs';

export const STD_SCRIPTS = ['/umd/index.js', '/dist/hubspot-destination.js', '/support/page-harness.js'];

let counter = 0;

export function browserSuite(serverOptions) {
  const env = {};
  before(async () => {
    env.server = await startServer(serverOptions);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });

  /**
   * Opens a page. opts: {head, scripts (default STD_SCRIPTS), body, tracker, forms}.
   * Returns {page, net, logs, finish()}; finish() asserts that no request left the machine.
   */
  env.open = async (opts = {}) => {
    const context = await env.browser.newContext();
    const net = await intercept(context, { tracker: opts.tracker, forms: opts.forms });
    const page = await context.newPage();
    const logs = [];
    page.on('console', (m) => logs.push({ type: m.type(), text: m.text() }));
    page.on('pageerror', (e) => logs.push({ type: 'pageerror', text: String(e) }));
    const name = 't' + ++counter;
    const url = env.server.page(name, html({ head: opts.head, scripts: opts.scripts || STD_SCRIPTS, body: opts.body }));
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return {
      page,
      net,
      logs,
      context,
      errors: () => logs.filter((l) => l.type === 'error' || l.type === 'pageerror').map((l) => l.text),
      async finish() {
        try {
          assert.deepEqual(net.external, [], 'requests to non-local hosts were attempted (and aborted)');
          assert.deepEqual(logs.filter((l) => l.type === 'pageerror'), [], 'uncaught page errors');
        } finally {
          net.release();
          await context.close();
        }
      },
    };
  };
  return env;
}

export const waitLoaded = (page) => page.waitForFunction(() => window.T.plugin.isLoaded(), null, { timeout: 5000 });
