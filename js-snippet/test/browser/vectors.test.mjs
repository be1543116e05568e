// Every worked vector of device-mode.md (b) in headless Chromium: @segment/analytics-next 1.84.3 with the
// HubSpot plugin, HubSpot's hosts answered by the fake tracker, which records every command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, waitLoaded } from '../support/fixture.mjs';
import { loadingVectors, messageVectors } from '../vectors.mjs';

const env = browserSuite();

for (const v of loadingVectors) {
  test(`vector ${v.id}: ${v.title}`, async () => {
    for (const settings of v.settingsVariants || [v.settings]) {
      const head = v.preexisting ? `<script id="${v.preexisting.id}" src="${v.preexisting.src}" async></script>` : '';
      const h = await env.open({ head });
      await h.page.evaluate((s) => T.analyticsNext(s), settings);
      if (v.calls) await h.page.evaluate((calls) => T.run(calls), v.calls);
      if (v.errors !== undefined) {
        assert.deepEqual(await h.page.evaluate(() => T.hubspotScripts()), [], 'no script');
        assert.equal(await h.page.evaluate(() => window._hsq), undefined, 'nothing pushed');
        assert.deepEqual(h.net.requests, []);
        assert.equal(h.errors().filter((e) => /portalId/.test(e)).length, v.errors, 'one error logged');
        await h.finish();
        continue;
      }
      assert.equal(await h.page.evaluate(() => Array.isArray(window._hsq)), true);
      await waitLoaded(h.page);
      const all = await h.page.evaluate(() => T.hubspotScripts());
      const injected = v.preexisting ? all.slice(1) : all; // the page's own embed comes first
      assert.deepEqual(injected, v.scripts, 'scripts injected by the snippet');
      const embed = v.preexisting && new URL(v.preexisting.src, env.server.origin).href;
      assert.deepEqual(h.net.requests, v.preexisting ? [embed] : v.scripts.map((s) => s.src), 'scripts requested');
      const fake = await h.page.evaluate(() => T.fake());
      assert.equal(fake.loads, 1, 'the tracker ran once');
      assert.deepEqual(fake.queued, [], 'nothing pushed at init');
      await h.finish();
    }
  });
}

for (const v of messageVectors) {
  const modes = v.id === 25 ? [{ disableClientPersistence: true }] : [{}];
  for (const opts of modes) {
    test(`vector ${v.id}: ${v.title}${opts.disableClientPersistence ? ' (client persistence off)' : ''}`, async () => {
      const h = await env.open({ tracker: v.loaded ? 'ok' : 'manual' });
      await h.page.evaluate(([s, o]) => T.analyticsNext(s, o), [v.settings, opts]);
      if (v.loaded) {
        await waitLoaded(h.page);
        await h.page.evaluate((calls) => T.run(calls), v.calls);
        assert.deepEqual((await h.page.evaluate(() => T.fake())).pushes, v.pushes);
      } else {
        await h.page.evaluate((calls) => T.run(calls), v.calls);
        assert.deepEqual(await h.page.evaluate(() => T.hsqArray()), v.queue, 'window._hsq before load');
        h.net.release();
        await waitLoaded(h.page);
        await h.page.evaluate((calls) => T.run(calls), v.after.calls);
        const fake = await h.page.evaluate(() => T.fake());
        assert.deepEqual(fake.queued, v.queue, 'HubSpot drained the queue on load');
        assert.equal(fake.autoViews, 1, 'HubSpot recorded the initial view itself');
        assert.deepEqual(fake.pushes, v.after.pushes);
      }
      await h.finish();
    });
  }
}

test('vector 25 with analytics-next defaults: identify traits are persisted as JSON, so a Date arrives as its ISO string and is kept as is', async () => {
  const v = messageVectors.find((x) => x.id === 25);
  const h = await env.open();
  await h.page.evaluate((s) => T.analyticsNext(s), v.settings);
  await waitLoaded(h.page);
  await h.page.evaluate((calls) => T.run(calls), v.calls);
  assert.deepEqual((await h.page.evaluate(() => T.fake())).pushes, [
    ['identify', { email: 'a@b.com', signupdate: '2020-01-02T03:04:05.678Z', trialends: '2020-01-02T03:04:05.678Z' }],
  ]);
  await h.page.evaluate(() => T.analytics.track('Dated', { at: new Date(1577934245678) }));
  assert.deepEqual((await h.page.evaluate(() => T.fake())).pushes[1], [
    'trackCustomBehavioralEvent',
    { name: 'pe123456_dated', properties: { at: 1577934245678 } },
  ], 'track properties are not persisted: a Date still becomes epoch ms');
  await h.finish();
});
