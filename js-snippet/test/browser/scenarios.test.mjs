// Behaviour beyond the worked vectors, in headless Chromium: regions, the Forms SDK, an existing embed,
// a blocked or silent tracker, consent granted late and withdrawn, the standalone tracker, boot() with
// the Segment snippet stub and with a loaded analytics-next, reset, and hubspotutk on collector requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, waitLoaded } from '../support/fixture.mjs';

const env = browserSuite();
const PORTAL = '123456';
const UTK = '0123456789abcdef0123456789abcdef';
const fake = (h) => h.page.evaluate(() => T.fake());
const STANDALONE_SCRIPTS = ['/dist/hubspot-destination.js', '/support/page-harness.js'];

// The Segment analytics.js snippet's stub: an array whose methods queue [method, ...args].
const segmentStub = `<script>
!function(){var a=window.analytics=window.analytics||[];if(a.initialize)return;a.invoked=!0;
a.methods=["trackSubmit","trackClick","trackLink","trackForm","pageview","identify","reset","group","track","ready","alias","debug","page","screen","once","off","on","addSourceMiddleware","addIntegrationMiddleware","setAnonymousId","addDestinationMiddleware","register"];
a.factory=function(m){return function(){var args=Array.prototype.slice.call(arguments);args.unshift(m);a.push(args);return a}};
for(var i=0;i<a.methods.length;i++){var k=a.methods[i];a[k]=a.factory(k)}
a._writeKey="wk";a._cdn=location.origin;a._loadOptions={integrations:{"Segment.io":false}};}();
</script>`;

for (const [label, settings, tracker, forms] of [
  ['EU flag', { enableEuropeanDataCenter: true }, 'js-eu1.hs-scripts.com', 'js-eu1.hsforms.net'],
  ['hublet na2', { hublet: 'na2' }, 'js-na2.hs-scripts.com', 'js-na2.hsforms.net'],
  ['hublet wins over the EU flag', { hublet: 'ap1', enableEuropeanDataCenter: true }, 'js-ap1.hs-scripts.com', 'js-ap1.hsforms.net'],
  ['hublet na1 is the US host', { hublet: 'na1' }, 'js.hs-scripts.com', 'js.hsforms.net'],
]) {
  test(`regions: ${label} -> tracker and Forms SDK from ${tracker} / ${forms}`, async () => {
    const h = await env.open();
    await h.page.evaluate((s) => T.analyticsNext(s), { portalId: PORTAL, loadFormsSDK: true, ...settings });
    await waitLoaded(h.page);
    await h.page.waitForFunction(() => !!(window.hbspt && window.hbspt.forms));
    assert.deepEqual(h.net.requests, [`https://${tracker}/${PORTAL}.js`, `https://${forms}/forms/v2.js`]);
    await h.finish();
  });
}

test('forms: the Forms SDK loads without waiting for the tracker; analytics.ready() then runs hbspt.forms.create', async () => {
  const h = await env.open({ tracker: 'manual' });
  await h.page.evaluate((s) => T.analyticsNext(s), { portalId: PORTAL, loadFormsSDK: true });
  await h.page.waitForFunction(() => !!(window.hbspt && window.hbspt.forms));
  assert.equal(await h.page.evaluate(() => T.plugin.isLoaded()), false, 'the tracker is still held');
  await h.page.evaluate((portalId) => {
    window.readyRan = false;
    T.analytics.ready(() => {
      window.readyRan = true;
      hbspt.forms.create({ portalId, formId: 'f-1', target: '#form-target' });
    });
  }, PORTAL);
  await h.page.waitForTimeout(150);
  assert.equal(await h.page.evaluate(() => window.readyRan), false, 'ready waits for the tracker');
  h.net.release();
  await h.page.waitForFunction(() => window.readyRan === true);
  assert.equal(await h.page.locator('#form-target form.hs-form').getAttribute('data-form-id'), 'f-1');
  assert.deepEqual((await fake(h)).forms, [{ portalId: PORTAL, formId: 'f-1', target: '#form-target' }]);
  await h.finish();
});

test('existing embed without the id (EU src) is detected by its src: no second loader', async () => {
  const h = await env.open({ head: `<script src="https://js-eu1.hs-scripts.com/${PORTAL}.js" async defer></script>` });
  await h.page.evaluate((s) => T.analyticsNext(s), { portalId: PORTAL, enableEuropeanDataCenter: true });
  await waitLoaded(h.page);
  await h.page.evaluate(() => T.run([{ type: 'page', properties: { path: '/' } }, { type: 'page', properties: { path: '/b' } }]));
  assert.equal((await h.page.evaluate(() => T.hubspotScripts())).length, 1);
  assert.deepEqual(h.net.requests, [`https://js-eu1.hs-scripts.com/${PORTAL}.js`]);
  assert.deepEqual((await fake(h)).pushes, [['setPath', '/b'], ['trackPageView']]);
  assert.equal((await fake(h)).loads, 1);
  await h.finish();
});

test('blocked tracker: forms still load, commands stay queued, degraded at once, analytics.ready() not held', async () => {
  const h = await env.open({ tracker: 'block' });
  await h.page.evaluate((s) => T.analyticsNext(s), { portalId: PORTAL, loadFormsSDK: true });
  await h.page.waitForFunction(() => !!(window.hbspt && window.hbspt.forms));
  await h.page.waitForFunction(() => T.plugin.status() === 'degraded', null, { timeout: 3000 });
  await h.page.evaluate(() => T.run([
    { type: 'page', properties: { path: '/' } },
    { type: 'identify', userId: 'u1', traits: { email: 'a@b.com' } },
    { type: 'page', properties: { path: '/next' } },
  ]));
  assert.deepEqual(await h.page.evaluate(() => T.hsqArray()), [
    ['identify', { email: 'a@b.com', id: 'u1' }],
    ['setPath', '/next'],
  ]);
  const result = await h.page.evaluate(() => new Promise((r) => T.analytics.ready((res) => r(res))));
  assert.deepEqual(result.find((r) => r && r.tracker), { tracker: 'degraded', forms: 'loaded' });
  assert.ok(h.logs.some((l) => l.type === 'warning' && /did not load \(script error\)/.test(l.text)));
  await h.finish();
});

test('silent tracker: degraded after scriptLoadTimeoutMs; when HubSpot arrives late the queue still goes out', async () => {
  const h = await env.open({ tracker: 'inert' });
  await h.page.evaluate((s) => T.analyticsNext(s), { portalId: PORTAL, scriptLoadTimeoutMs: 400 });
  assert.equal(await h.page.evaluate(() => T.plugin.status()), 'loading');
  await h.page.evaluate(() => T.run([{ type: 'page' }, { type: 'identify', traits: { email: 'late@b.com' } }]));
  await h.page.waitForFunction(() => T.plugin.status() === 'degraded', null, { timeout: 3000 });
  assert.ok(h.logs.some((l) => /did not load \(timeout\)/.test(l.text)));
  await h.page.addScriptTag({ url: '/support/fake-hubspot.js' }); // HubSpot's code arrives late
  await waitLoaded(h.page);
  assert.equal(await h.page.evaluate(() => T.plugin.status()), 'loaded');
  await h.page.evaluate(() => T.run([{ type: 'page', properties: { path: '/z' } }]));
  const f = await fake(h);
  assert.deepEqual(f.queued, [['identify', { email: 'late@b.com' }]]);
  assert.deepEqual(f.pushes, [['setPath', '/z'], ['trackPageView']]);
  await h.finish();
});

test('consent (analytics-next, context.consent): nothing before consent, loads when granted late, revokes when withdrawn', async () => {
  const h = await env.open();
  await h.page.evaluate(() => (T.prefs = { Analytics: false, Advertising: false, Functional: true }));
  await h.page.evaluate((s) => T.analyticsNext(s, { consentStamp: true, collector: false }), { portalId: PORTAL, requireConsent: true });
  await h.page.evaluate(() => T.run([
    { type: 'page', properties: { path: '/' } },
    { type: 'identify', userId: 'u1', traits: { email: 'a@b.com' } },
    { type: 'track', event: 'Viewed Pricing' },
  ]));
  assert.deepEqual(h.net.requests, [], 'no HubSpot script before consent');
  assert.deepEqual(await h.page.evaluate(() => T.hsqArray()), [], 'nothing queued before consent');
  assert.equal(await h.page.evaluate(() => T.plugin.status()), 'consent-pending');
  assert.equal(await h.page.evaluate(() => window.disableHubSpotCookieBanner), true);

  // The visitor accepts analytics; the consent manager announces it with Segment's event.
  await h.page.evaluate(() => {
    T.prefs = { Analytics: true, Advertising: false, Functional: true };
    return T.analytics.track('Segment Consent Preference Updated');
  });
  await waitLoaded(h.page);
  assert.deepEqual(h.net.requests, [`https://js.hs-scripts.com/${PORTAL}.js`]);
  let f = await fake(h);
  assert.equal(f.bannerDisabled, true, 'HubSpot banner disabled before the loader ran');
  assert.deepEqual(f.privacyQueued, [
    ['setHubSpotConsent', { analytics: false, advertisement: false, functionality: true }],
    ['setHubSpotConsent', { analytics: true, advertisement: false, functionality: true }],
  ], 'every consent state was told to HubSpot, in order');
  assert.deepEqual(f.queued, [], 'the consent event itself is not a HubSpot event');
  assert.equal(await h.page.evaluate(() => document.cookie.includes('hubspotutk=')), true);

  await h.page.evaluate(() => T.run([{ type: 'page', properties: { path: '/after' } }, { type: 'track', event: 'Clicked' }]));
  f = await fake(h);
  assert.deepEqual(f.pushes, [
    ['setPath', '/after'],
    ['trackPageView'],
    ['trackCustomBehavioralEvent', { name: 'pe123456_clicked', properties: {} }],
  ]);

  // Withdrawal. __hstc/__hssc stand for HubSpot's other cookies, which only the snippet clears.
  await h.page.evaluate(() => { document.cookie = '__hstc=1.2.3; path=/'; document.cookie = '__hssc=1.1; path=/'; });
  await h.page.evaluate(() => {
    T.prefs = { Analytics: false, Advertising: false, Functional: true };
    return T.analytics.track('Segment Consent Preference Updated');
  });
  await h.page.evaluate(() => T.run([{ type: 'track', event: 'After Withdrawal' }, { type: 'page', properties: { path: '/gone' } }]));
  f = await fake(h);
  assert.deepEqual(f.privacy, [
    ['setHubSpotConsent', { analytics: false, advertisement: false, functionality: true }],
    ['revokeCookieConsent'],
  ]);
  assert.equal(f.pushes.length, 3, 'nothing pushed after withdrawal');
  assert.equal(await h.page.evaluate(() => document.cookie.includes('hubspotutk=')), false, 'cookie gone');
  assert.equal(await h.page.evaluate(() => /__hs(tc|sc)=/.test(document.cookie)), false, 'HubSpot\'s other cookies gone');
  await h.finish();
});

test('consent (explicit API): HubSpotDestination.consent() on a page without a consent manager', async () => {
  const h = await env.open({ scripts: STANDALONE_SCRIPTS });
  await h.page.evaluate((portalId) => {
    window.t = HubSpotDestination.load({ portalId, requireConsent: true, consentCategories: { analytics: 'stats' } });
    t.identify('u1', { email: 'a@b.com' });
  }, PORTAL);
  await h.page.waitForTimeout(100);
  assert.deepEqual(h.net.requests, []);
  await h.page.evaluate(() => HubSpotDestination.consent({ stats: true }));
  await h.page.waitForFunction(() => window.t.isLoaded());
  await h.page.evaluate(() => t.identify('u1', { email: 'a@b.com' }));
  const f = await fake(h);
  assert.deepEqual(f.privacyQueued, [['setHubSpotConsent', { analytics: true, advertisement: false, functionality: false }]]);
  assert.deepEqual(f.queued, [], 'the identify before consent was dropped');
  assert.deepEqual(f.pushes, [['identify', { email: 'a@b.com', id: 'u1' }]]);
  await h.finish();
});

test('standalone tracker: load(), ready(callback), page/identify/track, reset', async () => {
  const h = await env.open({ scripts: STANDALONE_SCRIPTS });
  const result = await h.page.evaluate((portalId) => {
    window.t = HubSpotDestination.load({ portalId, loadFormsSDK: true });
    t.page(); // the document's first view: HubSpot's own
    t.identify({ email: ' Peter@Initech.com ', firstName: 'Peter' });
    return new Promise((resolve) => t.ready(resolve));
  }, PORTAL);
  assert.deepEqual(result, { tracker: 'loaded', forms: 'loaded' });
  assert.equal(await h.page.evaluate(() => typeof hbspt.forms.create), 'function');
  await h.page.evaluate(() => {
    history.pushState({}, '', '/spa-route');
    t.page();
    t.track('Order Completed', { revenue: 10, 'Order ID': 'o1' });
    t.reset();
  });
  const f = await fake(h);
  assert.deepEqual(f.queued, [['identify', { email: 'peter@initech.com', firstname: 'Peter' }]]);
  assert.deepEqual(f.pushes, [
    ['setPath', '/spa-route'],
    ['trackPageView'],
    ['trackCustomBehavioralEvent', { name: 'pe123456_order_completed', properties: { revenue: 10, order_id: 'o1' } }],
  ]);
  assert.deepEqual(f.privacy, [['revokeCookieConsent']]);
  assert.equal(await h.page.evaluate(() => HubSpotDestination.utk()), '');
  await h.finish();
});

test('hubspotutk: the enrichment adds context.traits.hubspotutk to what analytics-next sends to the collector', async () => {
  const h = await env.open();
  const before = env.server.collected.length;
  await h.page.evaluate((s) => T.analyticsNext(s, { collector: true }), { portalId: PORTAL });
  await waitLoaded(h.page);
  assert.equal(await h.page.evaluate(() => HubSpotDestination.utk()), UTK);
  await h.page.evaluate(() => T.run([
    { type: 'identify', userId: 'u1', traits: { email: 'a@b.com' } },
    { type: 'track', event: 'Clicked', properties: { a: 1 } },
    { type: 'page', properties: { path: '/p' } },
  ]));
  const sent = env.server.collected.slice(before);
  assert.deepEqual(sent.map((r) => r.path), ['/v1/i', '/v1/t', '/v1/p']);
  for (const r of sent) {
    assert.equal(r.body.context.traits.hubspotutk, UTK, r.path);
    assert.equal(r.body.writeKey, 'wk');
  }
  assert.deepEqual(sent[1].body.properties, { a: 1 }, 'the message itself is untouched');
  // HubSpot received the same messages (the document's first page() is HubSpot's own view).
  assert.deepEqual((await fake(h)).pushes.map((c) => c[0]), ['identify', 'trackCustomBehavioralEvent']);
  await h.finish();
});

test('analytics.reset() revokes HubSpot\'s cookie consent and clears hubspotutk', async () => {
  const h = await env.open();
  await h.page.evaluate((s) => T.analyticsNext(s), { portalId: PORTAL });
  await waitLoaded(h.page);
  assert.equal(await h.page.evaluate(() => HubSpotDestination.utk()), UTK);
  await h.page.evaluate(() => T.analytics.reset());
  assert.deepEqual((await fake(h)).privacy, [['revokeCookieConsent']]);
  assert.equal(await h.page.evaluate(() => HubSpotDestination.utk()), '');
  await h.finish();
});

test('boot() with the Segment snippet stub: the register call is buffered and replayed by analytics-next standalone', async () => {
  const h = await env.open({
    tracker: 'manual',
    head: segmentStub,
    scripts: ['/dist/hubspot-destination.js', '/support/page-harness.js'],
    body: `<script>HubSpotDestination.boot({"portalId":"${PORTAL}"});</script>
<script>analytics.page(); analytics.identify("u1", {email: "a@b.com"}); analytics.page({path: "/two"});</script>
<script src="/umd/standalone.js"></script>`,
  });
  assert.equal(await h.page.evaluate(() => window.hubspotDestination), undefined);
  await h.page.waitForFunction(() => window.analytics && !Array.isArray(window.analytics) && window.analytics.initialized === true);
  await h.page.waitForFunction(() => (window._hsq || []).length === 2);
  const queued = await h.page.evaluate(() => T.hsqArray());
  const key = (c) => JSON.stringify(c);
  assert.deepEqual(queued.map(key).sort(), [['identify', { email: 'a@b.com', id: 'u1' }], ['setPath', '/two']].map(key).sort());
  h.net.release();
  await h.page.waitForFunction(() => window.__hsFake && window.__hsFake.loads === 1);
  await h.page.evaluate(() => window.analytics.track('Signed Up'));
  assert.deepEqual((await fake(h)).pushes, [['trackCustomBehavioralEvent', { name: 'pe123456_signed_up', properties: {} }]]);
  await h.finish();
});

test('boot() after analytics-next has loaded registers through window.analytics.register', async () => {
  const h = await env.open({ head: segmentStub, scripts: ['/umd/standalone.js', '/support/page-harness.js'] });
  await h.page.waitForFunction(() => window.analytics && window.analytics.initialized === true);
  await h.page.addScriptTag({ url: '/dist/hubspot-destination.js' });
  await h.page.evaluate((portalId) => { window.p = HubSpotDestination.boot({ portalId }); }, PORTAL);
  await h.page.waitForFunction(() => window.p.isLoaded());
  await h.page.evaluate(() => window.analytics.page({ path: '/a' }));
  await h.page.evaluate(() => window.analytics.page({ path: '/b' }));
  await h.page.evaluate(() => window.analytics.identify('u2', { email: 'b@c.com' }));
  assert.deepEqual((await fake(h)).pushes, [['setPath', '/b'], ['trackPageView'], ['identify', { email: 'b@c.com', id: 'u2' }]]);
  assert.equal(await h.page.evaluate(() => window.hubspotDestination), undefined);
  await h.finish();
});

test('boot() without analytics sets window.hubspotDestination to a standalone tracker', async () => {
  const h = await env.open({
    scripts: STANDALONE_SCRIPTS,
    body: `<script>HubSpotDestination.boot({"portalId":"${PORTAL}","flushIdentifyImmediately":true});</script>`,
  });
  await h.page.waitForFunction(() => window.hubspotDestination && window.hubspotDestination.isLoaded());
  await h.page.evaluate(() => hubspotDestination.identify('u1', { email: 'a@b.com' }));
  assert.deepEqual((await fake(h)).pushes, [['identify', { email: 'a@b.com', id: 'u1' }], ['trackPageView']]);
  await h.finish();
});

test('the test harness itself: a request to a non-local host is aborted and reported', async () => {
  const h = await env.open({ scripts: STANDALONE_SCRIPTS });
  const outcome = await h.page.evaluate(() => fetch('https://example.com/x').then(() => 'reached', () => 'blocked'));
  assert.equal(outcome, 'blocked');
  assert.deepEqual(h.net.external, ['https://example.com/x']);
  h.net.external.length = 0;
  await h.finish();
});
