/**
 * Script injection and readiness (device-mode.md S2). The tracking loader is injected at most once
 * (an existing `#hs-script-loader` or hs-scripts.com script for the portal is reused); the Forms SDK is
 * injected independently, so a blocked tracker never blocks forms. Each load settles as 'loaded' or,
 * on a script error or after `scriptLoadTimeoutMs`, as 'degraded'; commands keep queueing either way.
 */
import { isLive } from './hsq.js';
import { warn } from './log.js';

export const trackerUrl = (s) => 'https://js' + s.suffix + '.hs-scripts.com/' + s.portalId + '.js';
export const formsUrl = (s) => 'https://js' + s.suffix + '.hsforms.net/forms/v2.js';

const formsLive = () => !!(window.hbspt && window.hbspt.forms);

function inject(src, id) {
  const el = document.createElement('script');
  el.src = src;
  if (id) el.id = id;
  el.async = el.defer = true;
  (document.head || document.documentElement).appendChild(el);
  return el;
}

const scripts = () => Array.prototype.slice.call(document.querySelectorAll('script[src]'));

/** The page's own HubSpot loader for this portal, if any (warns when it belongs to another portal). */
export function existingTracker(portalId) {
  const re = new RegExp('//js(-[a-z]+\\d+)?\\.hs-scripts\\.com/' + portalId + '\\.js');
  const byId = document.getElementById('hs-script-loader');
  if (byId && byId.src && !re.test(byId.src)) warn('#hs-script-loader loads another portal');
  return byId || scripts().find((el) => re.test(el.src));
}

/**
 * Waits until `ready()` is true; resolves 'loaded', or 'degraded' on the element's error event or
 * after `timeoutMs`.
 */
function settle(el, ready, timeoutMs, what) {
  return new Promise((resolve) => {
    const started = Date.now();
    let timer, over;
    const done = (state) => {
      if (over) return;
      over = true;
      clearInterval(timer);
      if (state !== 'loaded') warn(what + ' did not load (' + state + ')');
      resolve(state === 'loaded' ? state : 'degraded');
    };
    if (ready()) return done('loaded');
    timer = setInterval(() => {
      if (ready()) done('loaded');
      else if (Date.now() - started >= timeoutMs) done('timeout');
    }, 100);
    if (el) el.addEventListener('error', () => ready() || done('script error'));
  });
}

/** Injects the tracking loader unless the page already has one; resolves 'loaded' | 'degraded'. */
export function loadTracker(s) {
  const el = existingTracker(s.portalId) || inject(trackerUrl(s), 'hs-script-loader');
  return settle(el, isLive, s.scriptLoadTimeoutMs, 'HubSpot tracker');
}

/** Injects the Forms SDK unless it is present (same src, or `hbspt.forms`); resolves like loadTracker. */
export function loadForms(s) {
  const src = formsUrl(s);
  const el = formsLive() ? null : scripts().find((e) => e.src === src) || inject(src);
  return settle(el, formsLive, s.scriptLoadTimeoutMs, 'Forms SDK');
}
