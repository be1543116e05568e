// @rudderstack/rudder-sdk-node (the real library) -> POST <url>/v1/batch with Basic auth "writeKey:".
// gzip is the library's default (Content-Encoding: gzip, and axios labels the Buffer body
// application/x-www-form-urlencoded); pass --no-gzip for the plain JSON variant.
// Sends identify, track, page and group, flushes, and exits 0 only when every per-call callback
// reports success. The interceptor below only reads what went out and what came back, for the report.
import Analytics from '@rudderstack/rudder-sdk-node';
import { finish, messages, parseArgs, parseBody } from './common.mjs';

const { url, writeKey, tag, flags } = parseArgs();
const gzip = !flags.has('--no-gzip');
const m = messages(tag);
const exchanges = [];
const errors = [];
// the library's automatic first flush rejects without a handler when the server refuses the request
process.on('unhandledRejection', (e) => errors.push(`unhandled: ${e && e.message ? e.message : e}`));

const client = new Analytics(writeKey, {
  dataPlaneUrl: url,
  ...(gzip ? {} : { gzip: false }),
  retryCount: 2,
  logLevel: 'error',
});
const record = (res) => {
  if (!res) return;
  const req = res.request;
  exchanges.push({
    url: res.config && res.config.url,
    // the headers as written on the socket by Node's http client
    requestHeaders: req && typeof req.getHeaders === 'function' ? req.getHeaders() : undefined,
    status: res.status,
    body: typeof res.data === 'string' ? parseBody(res.data) : res.data,
  });
};
client.axiosInstance.interceptors.response.use(
  (res) => {
    record(res);
    return res;
  },
  (err) => {
    record(err && err.response);
    return Promise.reject(err);
  },
);

const delivered = [];
const call = (type, params) =>
  new Promise((resolve) => {
    client[type](params, (err) => {
      if (err) errors.push(`${type}: ${err.message || err}`);
      else delivered.push({ type });
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
  // flush() rethrows the failure of a flush in flight (the library's automatic first one) before it
  // sends what is queued, so flush again until the queue is empty.
  for (let i = 0; i < 4 && (i === 0 || client.queue.length > 0); i++) {
    await client.flush().catch((e) => errors.push(`flush: ${e.message || e}`));
  }
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(errors.push('not every callback was called within 20 s')), 20000);
  });
  await Promise.race([done, timeout]);
  clearTimeout(timer);
} catch (e) {
  errors.push(String(e && e.stack ? e.stack : e));
}

finish({
  library: '@rudderstack/rudder-sdk-node',
  gzip,
  ok: errors.length === 0 && delivered.length === 4,
  delivered,
  errors,
  exchanges,
});
