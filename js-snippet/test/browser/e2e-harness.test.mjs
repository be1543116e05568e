// The server end-to-end harness (test/e2e/served-snippet.mjs) against a stand-in for the Java server's
// snippet endpoint that serves exactly what the server will: the dist script, a newline, then
// `HubSpotDestination.boot(<public settings JSON>);`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from '../support/server.mjs';

const HARNESS = fileURLToPath(new URL('../e2e/served-snippet.mjs', import.meta.url));
const SECRET = 'pat-eu1-FAKE-browser-test-token';
const destinations = {
  wk1: { portalId: '123456', accessToken: SECRET, enableEuropeanDataCenter: true, loadFormsSDK: true },
  wk2: {
    portalId: '654321',
    accessToken: SECRET,
    hublet: 'na2',
    requireConsent: true,
    formatCustomBehavioralEventNames: false,
    skipInitialPageView: false,
    flushIdentifyImmediately: true,
  },
};

let standIn, leaky;
before(async () => {
  standIn = await startServer({ destinations });
  leaky = await startServer({ destinations, leak: true });
});
after(async () => {
  await standIn.close();
  await leaky.close();
});

const run = (...args) =>
  new Promise((resolve) => {
    execFile(process.execPath, [HARNESS, ...args], { timeout: 60000 }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
  });

test('stand-in serves exactly: dist, newline, boot line with the public settings only', async () => {
  const res = await fetch(`${standIn.origin}/v1/snippet/wk1.js`);
  const body = await res.text();
  assert.match(body, /\nHubSpotDestination\.boot\(\{"portalId":"123456","enableEuropeanDataCenter":true,"loadFormsSDK":true\}\);$/);
  assert.ok(!body.includes(SECRET));
});

test('harness passes against the stand-in (EU, forms)', async () => {
  const r = await run('--url', standIn.origin, '--write-key', 'wk1', '--secret', SECRET);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /served-snippet: OK/);
});

test('harness passes against the stand-in (na2, consent required, raw names, flush, first view sent)', async () => {
  const r = await run('--url', standIn.origin, '--write-key', 'wk2', '--secret', SECRET);
  assert.equal(r.code, 0, r.stderr);
});

test('harness fails when the served script contains the secret', async () => {
  const r = await run('--url', leaky.origin, '--write-key', 'wk1', '--secret', SECRET);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /FAIL: .*contains a secret/);
});

test('harness fails on an unknown write key and refuses bad arguments', async () => {
  const unknown = await run('--url', standIn.origin, '--write-key', 'nope');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /answered 404/);
  const bad = await run('--write-key', 'x');
  assert.equal(bad.code, 2);
});
