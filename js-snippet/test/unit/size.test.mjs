// The dist script must stay within 4 KB (4,000 bytes) gzipped (also enforced by the build itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../../dist/hubspot-destination.js', import.meta.url);

test('dist/hubspot-destination.js is at most 4000 bytes gzipped', (t) => {
  assert.ok(existsSync(dist), 'dist/hubspot-destination.js is missing: run `npm run build` first');
  const code = readFileSync(dist);
  const gz = gzipSync(code, { level: 9 }).length;
  t.diagnostic(`${code.length} bytes minified, ${gz} bytes gzipped`);
  assert.ok(gz <= 4000, `${gz} bytes gzipped`);
});

test('dist defines window.HubSpotDestination as an IIFE with the whole API', () => {
  const code = readFileSync(dist, 'utf8');
  assert.match(code, /^\(\(\)=>\{/);
  const window = {};
  new Function('window', code)(window);
  assert.deepEqual(Object.keys(window.HubSpotDestination).sort(), ['boot', 'consent', 'load', 'plugin', 'utk', 'version']);
});
