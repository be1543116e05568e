/**
 * The only code that touches HubSpot's command queues `window._hsq` (tracking) and `window._hsp`
 * (privacy). Until HubSpot's script loads they are plain arrays that HubSpot drains on load; HubSpot
 * then replaces `push`, which is how readiness is detected (device-mode.md S2).
 */

/** Creates `window._hsq` if missing (called synchronously at init so nothing pushed early is lost). */
export function queue() {
  return (window._hsq = window._hsq || []);
}

/** Pushes one tracking command, e.g. `['setPath', '/x']`. */
export function push(command) {
  queue().push(command);
}

/** Pushes one privacy command onto `window._hsp`, e.g. `['revokeCookieConsent']`. */
export function pushPrivacy(command) {
  (window._hsp = window._hsp || []).push(command);
}

/** True once HubSpot's tracking code has taken over `_hsq.push`. */
export function isLive() {
  const q = window._hsq;
  return !!q && q.push !== Array.prototype.push;
}
