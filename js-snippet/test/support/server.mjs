// A local HTTP server for the browser tests and the e2e harness, on 127.0.0.1 with a free port:
//   GET  /p/<name>                         a page registered with page(name, html)
//   GET  /umd/*, /analytics-next/bundles/* @segment/analytics-next's browser build (offline recipe)
//   GET  /dist/hubspot-destination.js      the built snippet
//   GET  /support/*                        test/support files (page harness, fake HubSpot)
//   GET  /v1/projects/<key>/settings       analytics-next CDN settings (for the standalone build)
//   POST /v1/*                             collector: records what analytics-next's Segment.io plugin sends
//   GET  /v1/snippet/<key>.js              stand-in for the Java server's snippet endpoint (see snippetBody),
//   GET  /snippet.js?writeKey=<key>        also under this alternative path
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join, normalize } from 'node:path';
import { createRequire } from 'node:module';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
export const UMD = join(dirname(require.resolve('@segment/analytics-next/package.json')), 'dist', 'umd');
export const DIST = join(ROOT, 'dist', 'hubspot-destination.js');

// Keys that are never public: the stand-in strips them, as the real server must.
const SECRET_KEYS = new Set(['accessToken']);

/** The served snippet, exactly as the Java server composes it: dist, a newline, then the boot call. */
export function snippetBody(dist, publicSettings) {
  return dist + '\n' + 'HubSpotDestination.boot(' + JSON.stringify(publicSettings) + ');';
}

const TYPES = { '.js': 'application/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8', '.json': 'application/json' };
const typeOf = (p) => TYPES[p.slice(p.lastIndexOf('.'))] || 'application/octet-stream';

/**
 * options.destinations: { writeKey: settings (may include secrets) } for the snippet stand-in;
 * options.leak: serve settings unfiltered (to prove the harness catches it).
 */
export async function startServer(options = {}) {
  const pages = new Map();
  const collected = [];
  const destinations = options.destinations || {};

  async function file(res, path, base) {
    const full = normalize(join(base, path));
    if (!full.startsWith(base)) return send(res, 403, 'forbidden');
    try {
      const body = await readFile(full);
      res.writeHead(200, { 'content-type': typeOf(full), 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      send(res, 404, 'not found');
    }
  }

  function send(res, status, body, headers = {}) {
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  }

  async function snippet(req, res, key) {
    const settings = destinations[key];
    if (!settings) return send(res, 404, 'unknown write key');
    const pub = options.leak ? settings : Object.fromEntries(Object.entries(settings).filter(([k]) => !SECRET_KEYS.has(k)));
    const body = snippetBody(await readFile(DIST, 'utf8'), pub);
    const etag = '"' + createHash('sha256').update(body).digest('base64url').slice(0, 27) + '"';
    const headers = { 'content-type': 'application/javascript; charset=utf-8', etag, 'cache-control': 'public, max-age=300' };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    res.writeHead(200, headers);
    res.end(body);
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname;
    let m;
    if (req.method === 'POST' && path.startsWith('/v1/')) {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const text = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      collected.push({ path, headers: req.headers, body });
      return send(res, 200, '{"success":true}', { 'content-type': 'application/json' });
    }
    if (req.method !== 'GET') return send(res, 405, 'method not allowed');
    if ((m = /^\/p\/([\w-]+)$/.exec(path)) && pages.has(m[1])) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(pages.get(m[1]));
    }
    if ((m = /^\/(?:umd|analytics-next\/bundles)\/([\w.-]+)$/.exec(path))) return file(res, m[1], UMD);
    if (path === '/dist/hubspot-destination.js') return file(res, 'hubspot-destination.js', dirname(DIST));
    if ((m = /^\/support\/([\w.-]+)$/.exec(path))) return file(res, m[1], join(ROOT, 'test', 'support'));
    if ((m = /^\/v1\/projects\/([\w-]+)\/settings$/.exec(path))) {
      return send(res, 200, JSON.stringify(options.cdnSettings || { integrations: {} }), { 'content-type': 'application/json' });
    }
    if ((m = /^\/v1\/snippet\/([\w-]+)\.js$/.exec(path))) return snippet(req, res, m[1]);
    if (path === '/snippet.js') return snippet(req, res, url.searchParams.get('writeKey') || '');
    send(res, 404, 'not found');
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    collected,
    /** Registers a page and returns its URL. */
    page(name, html) {
      pages.set(name, html);
      return `${origin}/p/${name}`;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
