// The public API (plugin, load, boot, consent, utk, version), consent (S7) and the hubspotutk enrichment,
// against the fake DOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { install, hubspotLoads, captureConsole } from '../support/fake-dom.mjs';
import * as api from '../../src/index.js';
import { consentState } from '../../src/consent.js';
import { normalizeSettings } from '../../src/settings.js';

const fast = (settings) => ({ portalId: '123456', scriptLoadTimeoutMs: 200, ...settings });
const map = normalizeSettings({ portalId: '1' }).consentCategories;

test('version equals package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url)));
  assert.equal(api.version, pkg.version);
});

test('plugin shape: name, type, version and every handler returns its ctx', async () => {
  install();
  const p = api.plugin(fast());
  assert.equal(p.name, 'HubSpot');
  assert.equal(p.type, 'destination');
  assert.equal(p.version, api.version);
  for (const h of ['page', 'identify', 'track', 'group', 'alias']) {
    const ctx = { event: { type: h, properties: {}, traits: {} } };
    assert.equal(p[h](ctx), ctx, h);
  }
  assert.equal(await p.load({}, undefined), undefined);
  hubspotLoads();
  await p.ready();
});

test('plugin.load registers the utk enrichment plugin and listens for reset', async () => {
  const dom = install();
  const registered = [];
  const listeners = {};
  const analytics = { register: (...ps) => registered.push(...ps), on: (e, fn) => (listeners[e] = fn) };
  const p = api.plugin(fast());
  await p.load({}, analytics);
  assert.equal(registered.length, 1);
  assert.equal(registered[0].type, 'enrichment');
  document.cookie = 'hubspotutk=abc123';
  const ctx = { event: { type: 'track', event: 'x', context: {} } };
  assert.equal(registered[0].track(ctx), ctx);
  assert.equal(ctx.event.context.traits.hubspotutk, 'abc123');

  const own = { event: { type: 'page', context: { traits: { hubspotutk: 'mine' } } } };
  registered[0].page(own);
  assert.equal(own.event.context.traits.hubspotutk, 'mine', 'a utk set by the host is kept');

  listeners.reset();
  assert.deepEqual(dom.window._hsp, [['revokeCookieConsent']]);
  assert.equal(api.utk(), '', 'reset expires hubspotutk');
  const later = { event: { type: 'track', event: 'x' } };
  registered[0].track(later);
  assert.equal(later.event.context, undefined, 'no cookie, nothing added');
  hubspotLoads();
  await p.ready();
});

test('standalone tracker: page, identify(userId?, traits), track, reset, ready(callback)', async () => {
  const dom = install({ pathname: '/start' });
  const t = api.load(fast());
  assert.equal(t.status(), 'loading');
  t.page(); // the document's first view: HubSpot records it itself
  t.identify({ email: 'a@b.com' });
  t.identify('u1', { email: 'a@b.com' });
  assert.deepEqual(dom.window._hsq.slice(), [['identify', { email: 'a@b.com' }], ['identify', { email: 'a@b.com', id: 'u1' }]]);
  const hs = hubspotLoads();
  const result = await new Promise((resolve) => t.ready(resolve));
  assert.deepEqual(result, { tracker: 'loaded', forms: 'off' });
  assert.equal(t.status(), 'loaded');
  assert.equal(t.isLoaded(), true);
  dom.window.location.pathname = '/next';
  t.page();
  t.page({ path: '/given' });
  t.track('Signed Up', { Plan: 'pro' });
  t.reset();
  assert.deepEqual(hs.pushes, [
    ['setPath', '/next'],
    ['trackPageView'],
    ['setPath', '/given'],
    ['trackPageView'],
    ['trackCustomBehavioralEvent', { name: 'pe123456_signed_up', properties: { plan: 'pro' } }],
  ]);
  assert.deepEqual(dom.window._hsp, [['revokeCookieConsent']]);
});

test('invalid settings: one error, status "invalid", ready resolves, every call is a no-op', async () => {
  const dom = install();
  let t;
  const errors = await captureConsole('error', () => {
    t = api.load({ portalId: 'x' });
  });
  assert.equal(errors.length, 1);
  t.page();
  t.identify('u', { email: 'a@b.com' });
  t.track('x');
  t.reset();
  assert.equal(t.status(), 'invalid');
  assert.deepEqual(await t.ready(), { tracker: 'invalid', forms: 'off' });
  assert.equal(dom.window._hsq, undefined);
  assert.equal(dom.appended.length, 0);
});

test('boot: with a loaded analytics (register function) the plugin is registered there', async () => {
  install();
  const registered = [];
  window.analytics = { register: (p) => (registered.push(p), Promise.resolve()) };
  const p = api.boot(fast());
  assert.equal(registered[0], p);
  assert.equal(p.type, 'destination');
  assert.equal(window.hubspotDestination, undefined);
  hubspotLoads();
  await p.ready();
});

test('boot: with the Segment snippet stub (an array) the register call is queued for analytics-next', async () => {
  install();
  const stub = [];
  stub.methods = ['page', 'identify'];
  window.analytics = stub;
  const p = api.boot(fast());
  assert.deepEqual(stub.slice(), [['register', p]]);
  hubspotLoads();
  await p.ready();
});

test('boot: without analytics, window.hubspotDestination is a standalone tracker; a second boot is ignored', async () => {
  install();
  const t = api.boot(fast());
  assert.equal(window.hubspotDestination, t);
  assert.equal(typeof t.identify, 'function');
  const warnings = await captureConsole('warn', () => assert.equal(api.boot(fast()), undefined));
  assert.match(warnings[0], /twice/);
  assert.equal(window.hubspotDestination, t);
  hubspotLoads();
  await t.ready();
});

test('consentState: host names through the map, HubSpot names, or true/false for all', () => {
  assert.deepEqual(consentState({ Analytics: true, Advertising: false }, map), {
    analytics: true,
    advertisement: false,
    functionality: false,
  });
  assert.deepEqual(consentState({ functionality: true }, map), {
    analytics: false,
    advertisement: false,
    functionality: true,
  });
  assert.deepEqual(consentState(true, map), { analytics: true, advertisement: true, functionality: true });
  assert.equal(consentState(undefined, map), null);
  assert.equal(consentState('yes', map), null);
});

test('requireConsent: nothing loads or is pushed until consent; banner disabled first', async () => {
  const dom = install();
  const p = api.plugin(fast({ requireConsent: true, loadFormsSDK: true }));
  assert.equal(dom.window.disableHubSpotCookieBanner, true);
  assert.equal(p.status(), 'consent-pending');
  p.page({ event: { type: 'page', properties: { path: '/' } } });
  p.page({ event: { type: 'page', properties: { path: '/b' } } });
  p.identify({ event: { type: 'identify', traits: { email: 'a@b.com' } } });
  p.track({ event: { type: 'track', event: 'x' } });
  assert.equal(dom.appended.length, 0);
  assert.deepEqual(dom.window._hsq, []);
  assert.equal(dom.window._hsp, undefined);
  await p.ready(); // analytics.ready() is not held while consent is pending

  // Consent arrives on an analytics-next event (Segment's context.consent convention).
  const ctx = { event: { type: 'page', properties: { path: '/c' }, context: { consent: { categoryPreferences: { Analytics: true } } } } };
  p.page(ctx);
  assert.deepEqual(dom.window._hsp, [['setHubSpotConsent', { analytics: true, advertisement: false, functionality: false }]]);
  assert.deepEqual(dom.appended.map((e) => e.src), ['https://js.hs-scripts.com/123456.js', 'https://js.hsforms.net/forms/v2.js']);
  assert.deepEqual(dom.window._hsq.slice(), [['setPath', '/c']], 'calls after consent are queued');
  hubspotLoads();
  window.hbspt = { forms: {} };
  assert.deepEqual(await p.ready(), { tracker: 'loaded', forms: 'loaded' });
});

test('requireConsent: functional consent alone loads the Forms SDK but not the tracker', async () => {
  const dom = install();
  const t = api.load(fast({ requireConsent: true, loadFormsSDK: true }));
  t.consent({ Functional: true });
  assert.deepEqual(dom.appended.map((e) => e.src), ['https://js.hsforms.net/forms/v2.js']);
  assert.equal(t.status(), 'consent-pending');
  t.identify({ email: 'a@b.com' });
  assert.deepEqual(dom.window._hsq, []);
  window.hbspt = { forms: {} };
  t.consent({ Functional: true, Analytics: true });
  hubspotLoads();
  assert.deepEqual(await t.ready(), { tracker: 'loaded', forms: 'loaded' });
});

test('requireConsent: withdrawal revokes, expires HubSpot cookies and stops pushing; grant again resumes', async () => {
  const dom = install();
  // A module instance of its own: HubSpotDestination.consent() tells every destination of the page.
  const api = await import('../../src/index.js?withdrawal');
  const t = api.load(fast({ requireConsent: true }));
  api.consent({ Analytics: true, Advertising: true, Functional: true });
  const hs = hubspotLoads();
  await t.ready();
  document.cookie = 'hubspotutk=abc';
  document.cookie = '__hstc=1';
  t.track('A');
  api.consent({ Analytics: true, Advertising: true, Functional: true }); // unchanged: nothing told again
  api.consent({ Analytics: false, Advertising: false, Functional: true });
  t.track('B');
  api.consent({ Analytics: true });
  t.track('C');
  assert.deepEqual(dom.window._hsp, [
    ['setHubSpotConsent', { analytics: true, advertisement: true, functionality: true }],
    ['setHubSpotConsent', { analytics: false, advertisement: false, functionality: true }],
    ['revokeCookieConsent'],
    ['setHubSpotConsent', { analytics: true, advertisement: false, functionality: false }],
  ]);
  assert.equal(document.cookie, '', 'hubspotutk and __hstc expired');
  assert.deepEqual(hs.pushes.map((c) => c[1].name), ['pe123456_a', 'pe123456_c']);
});

test('requireConsent: a denial at page load with a leftover hubspotutk cookie revokes it', () => {
  const dom = install();
  document.cookie = 'hubspotutk=stale';
  const t = api.load(fast({ requireConsent: true }));
  t.consent(false);
  assert.deepEqual(dom.window._hsp, [
    ['setHubSpotConsent', { analytics: false, advertisement: false, functionality: false }],
    ['revokeCookieConsent'],
  ]);
  assert.equal(api.utk(), '');
});

test('requireConsent: the utk enrichment forwards the cookie only while tracking is allowed', async () => {
  install();
  const registered = [];
  const p = api.plugin(fast({ requireConsent: true }));
  await p.load({}, { register: (x) => registered.push(x) });
  document.cookie = 'hubspotutk=abc';
  const denied = { event: { type: 'track', event: 'x', context: { consent: { categoryPreferences: { Analytics: false } } } } };
  registered[0].track(denied);
  assert.equal(denied.event.context.traits, undefined);
  document.cookie = 'hubspotutk=abc';
  const granted = { event: { type: 'track', event: 'x', context: { consent: { categoryPreferences: { Analytics: true } } } } };
  registered[0].track(granted);
  assert.equal(granted.event.context.traits.hubspotutk, 'abc');
  hubspotLoads();
  await p.ready();
});

test('without requireConsent, consent signals are ignored (HubSpot\'s own banner applies)', async () => {
  const dom = install();
  const t = api.load(fast());
  t.consent(false);
  assert.equal(dom.window._hsp, undefined);
  assert.equal(dom.window.disableHubSpotCookieBanner, undefined);
  hubspotLoads();
  await t.ready();
});

test('reset re-sends the current consent after revoking, so HubSpot keeps tracking the new visitor', async () => {
  const dom = install();
  const t = api.load(fast({ requireConsent: true }));
  t.consent({ Analytics: true });
  t.reset();
  assert.deepEqual(dom.window._hsp, [
    ['setHubSpotConsent', { analytics: true, advertisement: false, functionality: false }],
    ['revokeCookieConsent'],
    ['setHubSpotConsent', { analytics: true, advertisement: false, functionality: false }],
  ]);
  hubspotLoads();
  await t.ready();
});

test('track: Segment consent-preference events are not sent to HubSpot; >50 properties warns', async () => {
  install();
  const t = api.load(fast());
  const hs = hubspotLoads();
  t.track('Segment Consent Preference Updated', { a: 1 });
  t.track('Segment Consent Preference');
  const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => ['p' + i, i]));
  const warnings = await captureConsole('warn', () => t.track('Big', many));
  assert.match(warnings[0], /50/);
  assert.deepEqual(hs.pushes.map((c) => c[1].name), ['pe123456_big']);
  await t.ready();
});

test('formatCustomBehavioralEventNames off sends the trimmed name as is', async () => {
  install();
  const t = api.load(fast({ formatCustomBehavioralEventNames: false }));
  const hs = hubspotLoads();
  t.track(' Order Completed ');
  assert.deepEqual(hs.pushes, [['trackCustomBehavioralEvent', { name: 'Order Completed', properties: {} }]]);
  await t.ready();
});

test('skipInitialPageView off: the first page() after load is sent', async () => {
  install();
  const t = api.load(fast({ skipInitialPageView: false }));
  const hs = hubspotLoads();
  t.page({ path: '/' });
  assert.deepEqual(hs.pushes, [['setPath', '/'], ['trackPageView']]);
  await t.ready();
});

test('flushIdentifyImmediately before load does not flush (the queued identify rides on HubSpot\'s own view)', async () => {
  const dom = install();
  const t = api.load(fast({ flushIdentifyImmediately: true }));
  t.identify('u1', { email: 'a@b.com' });
  assert.deepEqual(dom.window._hsq.slice(), [['identify', { email: 'a@b.com', id: 'u1' }]]);
  hubspotLoads();
  await t.ready();
});
