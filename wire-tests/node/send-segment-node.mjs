// @segment/analytics-node (the real library) -> POST <url>/v1/batch with Basic auth "writeKey:".
// Sends identify, track, page and group, waits for every per-call callback and closeAndFlush, and exits 0
// only when the library reports each message delivered. The library's own fetch client sends the request;
// the wrapper below only reads a copy of each answer for the report.
import { Analytics } from '@segment/analytics-node';
import { finish, messages, parseArgs, parseBody } from './common.mjs';

const { url, writeKey, tag } = parseArgs();
const m = messages(tag);
const exchanges = [];
const errors = [];

const analytics = new Analytics({
  writeKey,
  host: url,
  // retries stay on (the default policy) but bounded, so a broken server fails the test quickly
  maxRetries: 3,
  httpClient: async (target, init) => {
    const started = Date.now();
    let res;
    try {
      res = await globalThis.fetch(target, init);
    } catch (e) {
      exchanges.push({ url: target, requestHeaders: init.headers, error: String(e && e.cause ? e.cause : e), ms: Date.now() - started });
      throw e;
    }
    const body = await res.clone().text();
    exchanges.push({
      url: target,
      requestHeaders: init.headers,
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      ms: Date.now() - started,
      body: parseBody(body),
    });
    return res;
  },
});
analytics.on('error', (e) => errors.push(`${e.code}: ${e.reason && (e.reason.message || e.reason)}`));

const delivered = [];
const call = (type, params) =>
  new Promise((resolve) => {
    analytics[type](params, (err, ctx) => {
      if (err) errors.push(`${type}: ${err.message || err}`);
      else delivered.push({ type, messageId: ctx.event.messageId });
      resolve();
    });
  });

try {
  const done = Promise.all([
    call('identify', m.identify),
    call('track', m.track),
    call('page', m.page),
    call('group', m.group),
  ]);
  await analytics.closeAndFlush({ timeout: 30000 });
  await done;
} catch (e) {
  errors.push(String(e && e.stack ? e.stack : e));
}

finish({
  library: '@segment/analytics-node',
  ok: errors.length === 0 && delivered.length === 4,
  delivered,
  errors,
  exchanges,
});
