// Every worked vector of device-mode.md (b), through the analytics-next plugin's handlers, against a
// fake DOM in node. The same vectors run in Chromium in test/browser/vectors.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { install, hubspotLoads, captureConsole } from '../support/fake-dom.mjs';
import { plugin } from '../../src/index.js';
import { loadingVectors, messageVectors } from '../vectors.mjs';

// Short readiness timeout so that the loader's poll never outlives a test.
const fast = (settings) => ({ scriptLoadTimeoutMs: 200, ...settings });
const deliver = (p, calls) => calls.forEach((event) => assert.equal(p[event.type]({ event }).event, event));
const scriptsOf = (appended) =>
  appended.map((el) => ({ src: el.src, id: el.id || '', async: el.async === true, defer: el.defer === true }));

for (const v of loadingVectors) {
  test(`vector ${v.id}: ${v.title}`, async () => {
    for (const settings of v.settingsVariants || [v.settings]) {
      const dom = install({ preexisting: v.preexisting ? [v.preexisting] : [] });
      let p;
      const errors = await captureConsole('error', () => {
        p = plugin(fast(settings));
        if (v.calls) deliver(p, v.calls);
      });
      assert.deepEqual(scriptsOf(dom.appended), v.scripts, 'scripts injected');
      if (v.errors !== undefined) {
        assert.equal(errors.length, v.errors, 'errors logged');
        assert.equal(dom.window._hsq, undefined, 'nothing pushed, no queue created');
        continue;
      }
      assert.ok(Array.isArray(dom.window._hsq), '_hsq is an array right after init');
      assert.equal(dom.window._hsq.length, 0, 'nothing pushed at init');
      const hs = hubspotLoads();
      await p.ready();
      assert.equal(p.isLoaded(), true, 'readiness detected through the push override');
      assert.deepEqual(hs.queued, []);
    }
  });
}

for (const v of messageVectors) {
  test(`vector ${v.id}: ${v.title}`, async () => {
    const dom = install();
    const p = plugin(fast(v.settings));
    if (v.loaded) {
      const hs = hubspotLoads();
      deliver(p, v.calls);
      assert.deepEqual(hs.pushes, v.pushes);
    } else {
      deliver(p, v.calls);
      assert.deepEqual(dom.window._hsq.slice(), v.queue, 'window._hsq before load');
      const hs = hubspotLoads();
      assert.deepEqual(hs.queued, v.queue, 'HubSpot drains the queue on load');
      deliver(p, v.after.calls);
      assert.deepEqual(hs.pushes, v.after.pushes);
    }
    await p.ready();
  });
}
