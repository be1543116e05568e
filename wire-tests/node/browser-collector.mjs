// @segment/analytics-next (the real library, its UMD build) in headless Debian Chromium, driven by
// playwright-core, in "collector mode": the Segment.io destination points at the server under test.
//
//   node browser-collector.mjs <server base url> <writeKey> [tag] [--batching] [--probe-external]
//
// The page is served by a small local server on another port than the server under test, so every
// POST is cross-origin; with Authorization + Content-Type text/plain the browser sends a real CORS
// preflight, which the server must answer. (Playwright's request routing is NOT used: with routing on,
// Playwright answers preflights itself.) Non-local hosts are unresolvable for this Chromium
// (--host-resolver-rules), and any request to one is reported and fails the run.
//
// Default: one request per call to /v1/i, /v1/t, /v1/p, /v1/g. --batching: deliveryStrategy batching,
// one POST /v1/b. Exits 0 only when every POST was answered 200 {"success":true}, at least one
// preflight was answered 2xx with the page's origin allowed, and nothing non-local was requested.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { finish, messages, parseArgs, parseBody } from './common.mjs';

const { url, writeKey, tag, flags } = parseArgs();
const batching = flags.has('--batching');
// --probe-external: the page also fetches a non-local URL, to prove that such a request is caught
const probeExternal = flags.has('--probe-external');
const m = messages(tag);
const require = createRequire(import.meta.url);
const UMD = join(dirname(require.resolve('@segment/analytics-next/package.json')), 'dist', 'umd');
const CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));
const LOCAL = new Set(['127.0.0.1', 'localhost', '[::1]']);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // nothing but loopback can be reached from this browser
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>wire-tests collector</title>
<script src="/umd/index.js"></script></head><body><p>analytics-next collector mode</p></body></html>`;

function startPageServer() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let match;
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(PAGE);
    }
    if ((match = /^\/(?:umd|analytics-next\/bundles)\/([\w.-]+\.js)$/.exec(path))) {
      try {
        const body = await readFile(join(UMD, match[1]));
        res.writeHead(200, { 'content-type': 'application/javascript' });
        return res.end(body);
      } catch {
        /* fall through */
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const report = {
  library: '@segment/analytics-next',
  mode: batching ? 'batching' : 'standard',
  ok: false,
  pageOrigin: null,
  posts: [],
  preflights: [],
  external: [],
  pageErrors: [],
  errors: [],
};

let pageServer;
let browser;
try {
  if (!CHROMIUM) throw new Error('Chromium not found at /usr/lib/chromium/chromium or /usr/bin/chromium');
  pageServer = await startPageServer();
  const origin = `http://127.0.0.1:${pageServer.address().port}`;
  report.pageOrigin = origin;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const context = await browser.newContext();
  const page = await context.newPage();

  context.on('request', (r) => {
    const u = new URL(r.url());
    if (!LOCAL.has(u.hostname) && u.protocol !== 'data:' && u.protocol !== 'about:') report.external.push(r.url());
  });
  page.on('pageerror', (e) => report.pageErrors.push(String(e)));

  // What the server answered to the library's POSTs.
  const pending = [];
  page.on('response', (res) => {
    const req = res.request();
    if (!req.url().startsWith(url + '/') || req.method() !== 'POST') return;
    pending.push(
      (async () => {
        const entry = {
          path: new URL(req.url()).pathname,
          status: res.status(),
          requestHeaders: await req.allHeaders(),
          requestBody: parseBody(req.postData() || ''),
          body: parseBody(await res.text().catch((e) => `<unreadable: ${e.message}>`)),
          allowOrigin: (await res.allHeaders())['access-control-allow-origin'] || null,
        };
        report.posts.push(entry);
      })(),
    );
  });
  page.on('requestfailed', (r) => {
    if (r.url().startsWith(url + '/')) report.errors.push(`${r.method()} ${r.url()} failed: ${r.failure() && r.failure().errorText}`);
  });

  // The CORS preflights, as the browser's network stack saw them (DevTools protocol; no interception).
  const cdp = await context.newCDPSession(page);
  const preflightIds = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.method === 'OPTIONS' && e.request.url.startsWith(url + '/')) {
      preflightIds.set(e.requestId, { path: new URL(e.request.url).pathname, requestHeaders: e.request.headers });
    }
  });
  cdp.on('Network.responseReceived', (e) => {
    const p = preflightIds.get(e.requestId);
    if (!p) return;
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    report.preflights.push({
      path: p.path,
      status: e.response.status,
      allowOrigin: h['access-control-allow-origin'] || null,
      allowHeaders: h['access-control-allow-headers'] || null,
      allowMethods: h['access-control-allow-methods'] || null,
    });
  });
  await cdp.send('Network.enable');

  await page.goto(origin + '/', { waitUntil: 'load' });
  const apiHost = url.replace(/^https?:\/\//, '') + '/v1';
  await page.evaluate(
    async ({ writeKey, apiHost, batching, probeExternal, m }) => {
      if (probeExternal) await fetch('http://wire-tests-probe.invalid/collect').catch(() => {});
      const segmentio = { apiKey: writeKey, apiHost, protocol: 'http' };
      if (batching) segmentio.deliveryStrategy = { strategy: 'batching', config: { size: 4, timeout: 1000 } };
      const [analytics] = await window.AnalyticsNext.AnalyticsBrowser.load({
        writeKey,
        cdnSettings: { integrations: { 'Segment.io': segmentio } },
        cdnURL: location.origin,
      });
      await analytics.identify(m.identify.userId, m.identify.traits);
      await analytics.track(m.track.event, m.track.properties);
      await analytics.page(m.page.category, m.page.name, m.page.properties);
      await analytics.group(m.group.groupId, m.group.traits);
    },
    { writeKey, apiHost, batching, probeExternal, m },
  );

  // Wait for the answers: 4 single-event POSTs, or batches carrying the 4 events.
  const events = () =>
    report.posts.reduce((n, p) => n + (p.requestBody && Array.isArray(p.requestBody.batch) ? p.requestBody.batch.length : 1), 0);
  const deadline = Date.now() + 20000;
  while (events() < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(pending);
  await new Promise((r) => setTimeout(r, 100));

  const expectedPaths = batching ? ['/v1/b'] : ['/v1/i', '/v1/t', '/v1/p', '/v1/g'];
  const paths = [...new Set(report.posts.map((p) => p.path))].sort();
  if (events() < 4) report.errors.push(`only ${events()} of 4 events reached the server within 20 s`);
  if (JSON.stringify(paths) !== JSON.stringify([...expectedPaths].sort())) report.errors.push(`paths posted: ${paths.join(', ')}`);
  for (const p of report.posts) {
    if (p.status !== 200 || !p.body || p.body.success !== true) report.errors.push(`POST ${p.path} answered ${p.status}: ${JSON.stringify(p.body)}`);
    if (p.allowOrigin !== origin) report.errors.push(`POST ${p.path}: Access-Control-Allow-Origin is ${p.allowOrigin}, not ${origin}`);
  }
  if (report.preflights.length === 0) report.errors.push('no CORS preflight was seen');
  for (const p of report.preflights) {
    if (p.status < 200 || p.status > 299 || p.allowOrigin !== origin) report.errors.push(`preflight ${p.path}: ${JSON.stringify(p)}`);
  }
  if (report.external.length) report.errors.push(`non-local requests: ${report.external.join(', ')}`);
  if (report.pageErrors.length) report.errors.push(`page errors: ${report.pageErrors.join('; ')}`);
  report.ok = report.errors.length === 0;
} catch (e) {
  report.errors.push(String(e && e.stack ? e.stack : e));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (pageServer) await new Promise((r) => pageServer.close(r));
}
finish(report);
