// Settings (S1) and the loader (S2): hosts per region, no double injection, readiness and degradation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSettings, DEFAULTS } from '../../src/settings.js';
import { trackerUrl, formsUrl, loadTracker, loadForms, existingTracker } from '../../src/loader.js';
import { install, hubspotLoads, captureConsole } from '../support/fake-dom.mjs';

test('settings: defaults as in interface.md', () => {
  const s = normalizeSettings({ portalId: '123' });
  assert.equal(s.portalId, '123');
  for (const k of ['enableEuropeanDataCenter', 'loadFormsSDK', 'flushIdentifyImmediately', 'requireConsent']) {
    assert.equal(s[k], false, k);
  }
  assert.equal(s.formatCustomBehavioralEventNames, true);
  assert.equal(s.skipInitialPageView, true);
  assert.equal(s.hublet, '');
  assert.equal(s.suffix, '');
  assert.equal(s.scriptLoadTimeoutMs, 11000);
  assert.deepEqual(s.consentCategories, {
    analytics: ['Analytics'],
    advertisement: ['Advertising'],
    functionality: ['Functional'],
  });
  assert.deepEqual(DEFAULTS.consentCategories, { analytics: 'Analytics', advertisement: 'Advertising', functionality: 'Functional' });
});

test('settings: portalId must be digits (a number is accepted); anything else is an error', () => {
  assert.equal(normalizeSettings({ portalId: 123 }).portalId, '123');
  assert.equal(normalizeSettings({ portalId: ' 42 ' }).portalId, '42');
  for (const bad of [{ portalId: 'abc' }, { portalId: '' }, {}, null, { portalId: '12a' }, { portalId: 1.5 }]) {
    assert.match(normalizeSettings(bad).error, /portalId/);
  }
});

test('settings: wrongly typed values fall back to their defaults', () => {
  const s = normalizeSettings({ portalId: '1', loadFormsSDK: 'yes', skipInitialPageView: null, scriptLoadTimeoutMs: -5 });
  assert.equal(s.loadFormsSDK, false);
  assert.equal(s.skipInitialPageView, true);
  assert.equal(s.scriptLoadTimeoutMs, 11000);
});

test('settings: hublet wins over the EU flag; na1 and "" are the US hosts; a bad hublet is an error', () => {
  assert.equal(normalizeSettings({ portalId: '1', enableEuropeanDataCenter: true }).suffix, '-eu1');
  assert.equal(normalizeSettings({ portalId: '1', enableEuropeanDataCenter: true, hublet: 'na2' }).suffix, '-na2');
  assert.equal(normalizeSettings({ portalId: '1', hublet: 'AP1' }).suffix, '-ap1');
  assert.equal(normalizeSettings({ portalId: '1', hublet: 'na1', enableEuropeanDataCenter: true }).suffix, '');
  assert.match(normalizeSettings({ portalId: '1', hublet: 'eu1.evil.com/x' }).error, /hublet/);
});

test('settings: consentCategories accept a name or a list of names per HubSpot category', () => {
  const s = normalizeSettings({ portalId: '1', consentCategories: { analytics: ['C0002', 'Stats'], advertisement: 'C0004' } });
  assert.deepEqual(s.consentCategories, {
    analytics: ['C0002', 'Stats'],
    advertisement: ['C0004'],
    functionality: ['Functional'],
  });
});

test('loader URLs: US, EU and other hublets for the tracker and the Forms SDK', () => {
  const url = (extra) => {
    const s = normalizeSettings({ portalId: '123456', ...extra });
    return [trackerUrl(s), formsUrl(s)];
  };
  assert.deepEqual(url({}), ['https://js.hs-scripts.com/123456.js', 'https://js.hsforms.net/forms/v2.js']);
  assert.deepEqual(url({ enableEuropeanDataCenter: true }), [
    'https://js-eu1.hs-scripts.com/123456.js',
    'https://js-eu1.hsforms.net/forms/v2.js',
  ]);
  assert.deepEqual(url({ hublet: 'na2' }), ['https://js-na2.hs-scripts.com/123456.js', 'https://js-na2.hsforms.net/forms/v2.js']);
});

test('existing loader: found by id, or by an hs-scripts.com src for the portal in any region', () => {
  install({ preexisting: [{ src: 'https://js-na2.hs-scripts.com/77.js' }] });
  assert.ok(existingTracker('77'));
  assert.equal(existingTracker('7'), undefined);
  install({ preexisting: [{ src: 'https://js.hs-scripts.com/770.js' }] });
  assert.equal(existingTracker('77'), undefined, 'another portal with a longer id');
});

test('existing loader for another portal under #hs-script-loader: reused, with a warning', async () => {
  install({ preexisting: [{ id: 'hs-script-loader', src: 'https://js.hs-scripts.com/999.js' }] });
  const warnings = await captureConsole('warn', () => existingTracker('123'));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /another portal/);
});

test('tracker: a script error marks it degraded at once; queued commands stay in _hsq', async () => {
  const dom = install();
  const s = normalizeSettings({ portalId: '1', scriptLoadTimeoutMs: 5000 });
  dom.window._hsq = [['identify', { email: 'a@b.com' }]];
  const started = Date.now();
  const pending = loadTracker(s);
  await captureConsole('warn', async () => {
    dom.appended[0].fire('error');
    assert.equal(await pending, 'degraded');
  });
  assert.ok(Date.now() - started < 1000);
  assert.equal(dom.window._hsq.length, 1);
});

test('tracker: no takeover of _hsq.push within scriptLoadTimeoutMs means degraded', async () => {
  install();
  const s = normalizeSettings({ portalId: '1', scriptLoadTimeoutMs: 250 });
  const warnings = await captureConsole('warn', async () => assert.equal(await loadTracker(s), 'degraded'));
  assert.match(warnings.join('\n'), /timeout/);
});

test('tracker: loaded as soon as HubSpot takes over _hsq.push', async () => {
  install();
  const pending = loadTracker(normalizeSettings({ portalId: '1' }));
  setTimeout(() => hubspotLoads(), 50);
  assert.equal(await pending, 'loaded');
});

test('forms: deduplicated by src and not injected when hbspt.forms exists', async () => {
  let dom = install({ preexisting: [{ src: 'https://js.hsforms.net/forms/v2.js' }] });
  const s = normalizeSettings({ portalId: '1', scriptLoadTimeoutMs: 300 });
  const pending = loadForms(s);
  window.hbspt = { forms: { create() {} } };
  assert.equal(await pending, 'loaded');
  assert.equal(dom.appended.length, 0);

  dom = install();
  window.hbspt = { forms: {} };
  assert.equal(await loadForms(s), 'loaded');
  assert.equal(dom.appended.length, 0);
});

test('tracker: a script error after the timeout does not settle or warn twice', async () => {
  const dom = install();
  const s = normalizeSettings({ portalId: '1', scriptLoadTimeoutMs: 150 });
  const warnings = await captureConsole('warn', async () => {
    assert.equal(await loadTracker(s), 'degraded');
    dom.appended[0].fire('error');
  });
  assert.equal(warnings.length, 1);
});
