/**
 * HubSpot's visitor cookie `hubspotutk`: read it, attach it to the CDP's outgoing messages as
 * `context.traits.hubspotutk` (an analytics-next enrichment plugin, which runs before every destination,
 * Segment.io included), and clear HubSpot's cookies on reset or withdrawn consent.
 */
import { VERSION } from './version.js';

const COOKIES = ['hubspotutk', '__hstc', '__hssc', '__hssrc'];

/** The value of HubSpot's `hubspotutk` cookie, or ''. */
export function utk() {
  const m = /(?:^|;\s*)hubspotutk=([^;]*)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : '';
}

/** Expires HubSpot's visitor cookies on this host and on each parent domain. */
export function clearCookies() {
  const parts = window.location.hostname.split('.');
  for (const name of COOKIES) {
    for (let i = 0; i <= parts.length; i++) {
      const domain = i < parts.length ? ';domain=' + parts.slice(i).join('.') : '';
      document.cookie = name + '=;max-age=0;path=/' + domain;
    }
  }
}

/**
 * The enrichment plugin. `core.observe` reads the consent carried by the event first, so that the
 * cookie is only forwarded while HubSpot tracking is allowed. A utk the host set itself is kept.
 */
export function enrichment(core) {
  const enrich = (ctx) => {
    const event = ctx.event;
    core.observe(event);
    const value = core.tracking() && utk();
    if (value) {
      const context = (event.context = event.context || {});
      const traits = (context.traits = context.traits || {});
      if (!traits.hubspotutk) traits.hubspotutk = value;
    }
    return ctx;
  };
  return {
    name: 'HubSpot utk',
    type: 'enrichment',
    version: VERSION,
    isLoaded: () => true,
    load: () => Promise.resolve(),
    page: enrich,
    identify: enrich,
    track: enrich,
    group: enrich,
    alias: enrich,
    screen: enrich,
  };
}
