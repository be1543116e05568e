#!/usr/bin/env node
// End-to-end check of a server's device-mode snippet endpoint.
//
//   node test/e2e/served-snippet.mjs --url http://127.0.0.1:8080 --write-key wk1 [--secret S]...
//
// 1. GET <url>/v1/snippet/<key>.js: 200, JavaScript, an ETag honoured with 304, the same body at
//    <url>/snippet.js?writeKey=<key>, no --secret string and no "accessToken" in it, and the body ends with
//    the line `HubSpotDestination.boot(<public settings JSON>);`.
// 2. In headless Chromium (Debian's, through playwright-core), on a local page, with HubSpot's hosts answered
//    by the fake tracker and every other non-local request aborted (and counted as a failure):
//    a. with analytics-next (the Segment snippet stub, then analytics-next's standalone build): the served
//       script registers the plugin; page/page/identify/track reach HubSpot's queue as expected;
//    b. without it: the served script sets window.hubspotDestination; the same calls through it.
// Exit code 0 on success; 1 with "served-snippet: FAIL: <reason>" otherwise; 2 on bad arguments.
// Needs `npm ci` in js-snippet (playwright-core and @segment/analytics-next) and Chromium.
import { parseArgs } from 'node:util';
import { startServer } from '../support/server.mjs';
import { launch, intercept, html } from '../support/browser.mjs';

const BOOT = /\nHubSpotDestination\.boot\((\{.*\})\);\n?$/s;
const LOCAL = new Set(['127.0.0.1', 'localhost', '[::1]']);

class Failure extends Error {}
const check = (ok, message) => {
  if (!ok) throw new Failure(message);
};
const same = (actual, expected, what) =>
  check(JSON.stringify(actual) === JSON.stringify(expected), `${what}\n  expected: ${JSON.stringify(expected)}\n  actual:   ${JSON.stringify(actual)}`);

function args() {
  try {
    const { values } = parseArgs({
      options: { url: { type: 'string' }, 'write-key': { type: 'string' }, secret: { type: 'string', multiple: true } },
    });
    if (!values.url || !values['write-key']) throw new Error('--url and --write-key are required');
    const url = new URL(values.url);
    if (!LOCAL.has(url.hostname)) throw new Error('--url must be a local server (127.0.0.1, localhost or [::1])');
    return { base: values.url.replace(/\/+$/, ''), key: values['write-key'], secrets: values.secret || [] };
  } catch (e) {
    console.error(`served-snippet: ${e.message}\nusage: served-snippet.mjs --url <server base url> --write-key <key> [--secret <string>]...`);
    process.exit(2);
  }
}

async function fetchSnippet({ base, key, secrets }) {
  const url = `${base}/v1/snippet/${encodeURIComponent(key)}.js`;
  const res = await fetch(url);
  const body = await res.text();
  check(res.status === 200, `GET ${url} answered ${res.status}`);
  check(/javascript/.test(res.headers.get('content-type') || ''), `GET ${url}: content-type is ${res.headers.get('content-type')}, not JavaScript`);
  for (const s of secrets) check(!body.includes(s), `GET ${url}: the response contains a secret (--secret of ${s.length} chars)`);
  const m = BOOT.exec(body);
  check(m, `GET ${url}: the body does not end with the line HubSpotDestination.boot({...});`);
  let settings;
  try {
    settings = JSON.parse(m[1]);
  } catch (e) {
    throw new Failure(`the boot settings are not JSON: ${e.message}`);
  }
  check(!('accessToken' in settings), 'the boot settings contain accessToken');
  check(/^\d+$/.test(String(settings.portalId)), 'the boot settings have no digits-only portalId');

  const etag = res.headers.get('etag');
  check(etag, `GET ${url}: no ETag header`);
  const again = await fetch(url, { headers: { 'if-none-match': etag } });
  check(again.status === 304, `GET ${url} with If-None-Match: ${etag} answered ${again.status}, not 304`);

  const alt = `${base}/snippet.js?writeKey=${encodeURIComponent(key)}`;
  const altRes = await fetch(alt);
  check(altRes.status === 200 && (await altRes.text()) === body, `GET ${alt} does not serve the same script`);
  return { url, settings };
}

/** What HubSpot's queue must hold after page('/e2e-1'), page('/e2e-2'), identify, track (loaded). */
function expectedPushes(s) {
  const pushes = [];
  if (s.skipInitialPageView === false) pushes.push(['setPath', '/e2e-1'], ['trackPageView']);
  pushes.push(['setPath', '/e2e-2'], ['trackPageView']);
  pushes.push(['identify', { email: 'e2e@hsdest.dev', id: 'e2e-user', firstname: 'E2E' }]);
  if (s.flushIdentifyImmediately === true) pushes.push(['trackPageView']);
  const name = s.formatCustomBehavioralEventNames === false ? 'E2E Checked' : `pe${s.portalId}_e2e_checked`;
  pushes.push(['trackCustomBehavioralEvent', { name, properties: { step_name: 'one' } }]);
  return pushes;
}

function expectedScripts(s) {
  const hublet = (s.hublet || '').toLowerCase() || (s.enableEuropeanDataCenter ? 'eu1' : '');
  const h = hublet && hublet !== 'na1' ? '-' + hublet : '';
  const list = [`https://js${h}.hs-scripts.com/${s.portalId}.js`];
  if (s.loadFormsSDK) list.push(`https://js${h}.hsforms.net/forms/v2.js`);
  return list;
}

const STUB = `<script>
!function(){var a=window.analytics=window.analytics||[];if(a.initialize)return;a.invoked=!0;
a.methods=["trackSubmit","trackClick","trackLink","trackForm","pageview","identify","reset","group","track","ready","alias","debug","page","screen","once","off","on","addSourceMiddleware","addIntegrationMiddleware","setAnonymousId","addDestinationMiddleware","register"];
a.factory=function(m){return function(){var x=Array.prototype.slice.call(arguments);x.unshift(m);a.push(x);return a}};
for(var i=0;i<a.methods.length;i++){a[a.methods[i]]=a.factory(a.methods[i])}
a._writeKey="e2e";a._cdn=location.origin;a._loadOptions={integrations:{"Segment.io":false}};}();
</script>`;

async function scenario(browser, local, name, pageHtml, drive, settings) {
  const context = await browser.newContext();
  try {
    const net = await intercept(context);
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(local.page('e2e-' + name, pageHtml), { waitUntil: 'domcontentloaded' });
    await drive(page);
    const fake = await page.evaluate(() => window.__hsFake && JSON.parse(JSON.stringify(window.__hsFake)));
    check(pageErrors.length === 0, `${name}: page errors: ${pageErrors.join('; ')}`);
    check(fake, `${name}: HubSpot's tracker never ran`);
    same(fake.queued, [], `${name}: commands queued before HubSpot loaded`);
    same(fake.pushes, expectedPushes(settings), `${name}: commands HubSpot received`);
    same(net.requests, expectedScripts(settings), `${name}: HubSpot scripts requested`);
    same(net.external, [], `${name}: requests to non-local hosts`);
    return fake.pushes.length;
  } finally {
    await context.close();
  }
}

async function main() {
  const opts = args();
  const { url, settings } = await fetchSnippet(opts);
  const local = await startServer();
  const browser = await launch();
  const wait = { timeout: 10000 };
  const calls = async (page, target) => {
    await page.evaluate(async (t) => {
      const d = t === 'analytics' ? window.analytics : window.hubspotDestination;
      if (t === 'analytics') {
        await d.page({ path: '/e2e-1' });
        await d.page({ path: '/e2e-2' });
        await d.identify('e2e-user', { email: 'e2e@hsdest.dev', firstName: 'E2E' });
        await d.track('E2E Checked', { 'Step Name': 'one' });
      } else {
        d.page({ path: '/e2e-1' });
        d.page({ path: '/e2e-2' });
        d.identify('e2e-user', { email: 'e2e@hsdest.dev', firstName: 'E2E' });
        d.track('E2E Checked', { 'Step Name': 'one' });
      }
    }, target);
  };
  const consent = (page) => settings.requireConsent === true && page.evaluate(() => HubSpotDestination.consent(true));
  try {
    const a = await scenario(browser, local, 'analytics-next', html({ head: STUB, scripts: [url, '/umd/standalone.js'] }), async (page) => {
      await page.waitForFunction(() => window.analytics && window.analytics.initialized === true, null, wait);
      check(await page.evaluate(() => window.hubspotDestination === undefined), 'analytics-next: window.hubspotDestination was set although analytics-next is present');
      await consent(page);
      await page.waitForFunction(() => window._hsq && window._hsq.push !== Array.prototype.push, null, wait);
      await calls(page, 'analytics');
    }, settings);
    const b = await scenario(browser, local, 'standalone', html({ scripts: [url] }), async (page) => {
      check(await page.evaluate(() => typeof window.hubspotDestination === 'object'), 'standalone: window.hubspotDestination is not set');
      await consent(page);
      await page.waitForFunction(() => window.hubspotDestination.isLoaded(), null, wait);
      await calls(page, 'standalone');
    }, settings);
    console.log(`served-snippet: OK (${url}: portal ${settings.portalId}; analytics-next ${a} commands, standalone ${b} commands; no secret, ETag honoured)`);
  } finally {
    await browser.close();
    await local.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`served-snippet: FAIL: ${e instanceof Failure ? e.message : e.stack || e}`);
    process.exit(1);
  },
);
