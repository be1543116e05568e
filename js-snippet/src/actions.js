/**
 * The page / identify / track / reset actions (device-mode.md S3-S7). Each turns one message into at
 * most two `_hsq` commands through the pure transforms; `allowed()` is the consent gate.
 */
import { push, pushPrivacy, isLive } from './hsq.js';
import { identifyPayload, trackPayload, pagePath } from './transforms.js';
import { clearCookies } from './utk.js';
import { debug, warn } from './log.js';

// Segment's consent tools announce preference changes with these events: consent, not behaviour.
const CONSENT_EVENT = /^Segment Consent Preference( Updated)?$/;

export function createActions(s, allowed) {
  let pages = 0;
  return {
    /** S3: the first page() of the document is HubSpot's own view; before load only the path is set. */
    page(event) {
      pages++;
      if (!allowed() || (s.skipInitialPageView && pages === 1)) return;
      push(['setPath', pagePath(event, window.location.pathname)]);
      if (isLive()) push(['trackPageView']);
    },
    /** S4: needs a usable email; flushes with a page view only once HubSpot has loaded. */
    identify(event) {
      if (!allowed()) return;
      const payload = identifyPayload(event);
      if (!payload) return debug('identify dropped: no usable email');
      push(['identify', payload]);
      if (s.flushIdentifyImmediately && isLive()) push(['trackPageView']);
    },
    /** S5: a custom behavioral event; never the dead `trackEvent`. */
    track(event) {
      if (!allowed() || CONSENT_EVENT.test(event.event)) return;
      const payload = trackPayload(event, s.portalId, s.formatCustomBehavioralEventNames);
      if (!payload) return debug('track dropped: empty event name');
      if (Object.keys(payload.properties).length > 50) warn('over 50 properties: HubSpot keeps 50');
      push(['trackCustomBehavioralEvent', payload]);
    },
    /** S7: logout. HubSpot forgets the visitor, and its cookies go even if it has not loaded. */
    reset() {
      pushPrivacy(['revokeCookieConsent']);
      clearCookies();
    },
  };
}
