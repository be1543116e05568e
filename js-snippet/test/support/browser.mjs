// Headless Debian Chromium through playwright-core, fully offline:
//  - requests to 127.0.0.1 / localhost go through;
//  - HubSpot's script hosts are answered with the fake tracker (test/support/fake-hubspot.js) and a fake
//    Forms SDK, or blocked / held / answered with an inert script, per test;
//  - every other request is aborted and recorded in `external`, which tests assert to be empty.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './server.mjs';

export const CHROMIUM_PATHS = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function findChromium() {
  const found = CHROMIUM_PATHS.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATHS.join(' or ')}. Install Debian's package: ` +
        '`apt-get install -y chromium` (as root), or run `sh scripts/ensure-chromium.sh`.',
    );
  }
  return found;
}

/**
 * Launches Chromium. playwright-core's launch() gives the process a fresh temporary user-data-dir (made
 * for this launch, deleted on close); each test then takes an isolated context with browser.newContext().
 */
export function launch() {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: ARGS });
}

export const TRACKER_HOST = /^js(-[a-z]+\d+)?\.hs-scripts\.com$/;
export const FORMS_HOST = /^js(-[a-z]+\d+)?\.hsforms\.net$/;
const LOCAL = new Set(['127.0.0.1', 'localhost', '[::1]']);

const FAKE_FORMS = `(function(){var f=window.__hsFake=window.__hsFake||{};f.forms=f.forms||[];
window.hbspt=window.hbspt||{};window.hbspt.forms={create:function(o){f.forms.push(JSON.parse(JSON.stringify(o)));
var t=o.target&&document.querySelector(o.target);if(t){t.innerHTML='<form class="hs-form" data-form-id="'+o.formId+'"></form>';}}};})();`;

/**
 * Sets up HubSpot interception on a browser context.
 * behaviour.tracker: 'ok' (fake tracker) | 'block' (aborted, like an ad blocker) | 'inert' (a script
 *   that never takes over _hsq) | 'manual' (held until release()).
 * behaviour.forms: 'ok' | 'block'.
 * Returns {requests, external, release}: HubSpot URLs requested in order, and non-local URLs aborted.
 */
export async function intercept(context, behaviour = {}) {
  const tracker = behaviour.tracker || 'ok';
  const forms = behaviour.forms || 'ok';
  const fakeTracker = await readFile(join(ROOT, 'test', 'support', 'fake-hubspot.js'), 'utf8');
  const requests = [];
  const external = [];
  let release;
  const released = new Promise((r) => (release = r));
  const js = (body) => ({ status: 200, contentType: 'application/javascript', body });

  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (LOCAL.has(url.hostname)) return route.continue();
    if (TRACKER_HOST.test(url.hostname)) {
      requests.push(url.href);
      if (tracker === 'block') return route.abort('blockedbyclient');
      if (tracker === 'inert') return route.fulfill(js('/* loader that never starts */'));
      if (tracker === 'manual') await released;
      return route.fulfill(js(fakeTracker)).catch(() => {});
    }
    if (FORMS_HOST.test(url.hostname) && url.pathname === '/forms/v2.js') {
      requests.push(url.href);
      if (forms === 'block') return route.abort('blockedbyclient');
      return route.fulfill(js(FAKE_FORMS));
    }
    external.push(url.href);
    return route.abort('blockedbyclient');
  });
  return { requests, external, release };
}

/** A page with the local origin's scripts; `head` goes before them, `body` into the body. */
export function html({ head = '', scripts = [], body = '' } = {}) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>hsdest test</title>${head}
${scripts.map((s) => `<script src="${s}"></script>`).join('\n')}
</head><body><div id="form-target"></div>${body}</body></html>`;
}
