/**
 * HubSpot device-mode destination (interface.md, "The browser snippet").
 *
 *  - plugin(settings): a destination plugin for @segment/analytics-next;
 *  - load(settings):   a standalone tracker for pages without a CDP library;
 *  - boot(settings):   what the server's `/v1/snippet/{writeKey}.js` runs: registers the plugin with
 *                      `window.analytics` (loaded library or the Segment snippet's stub), otherwise sets
 *                      `window.hubspotDestination` to a standalone tracker;
 *  - consent(prefs):   tells every destination on the page the host's consent preferences;
 *  - utk():            HubSpot's `hubspotutk` visitor cookie, for hosts that send their own messages.
 *
 * Loading starts as soon as a plugin or tracker is created (after consent, with `requireConsent`).
 */
import { VERSION } from './version.js';
import { normalizeSettings } from './settings.js';
import { queue, isLive } from './hsq.js';
import { loadTracker, loadForms } from './loader.js';
import { createConsent } from './consent.js';
import { createActions } from './actions.js';
import { utk, enrichment } from './utk.js';
import { error, warn } from './log.js';

export { VERSION as version, utk };

const cores = [];
const noop = () => {};

/** The shared engine behind a plugin or a tracker. */
function createCore(input) {
  const s = normalizeSettings(input);
  let settle;
  const ready = new Promise((r) => (settle = r));
  if (s.error) {
    error(s.error);
    settle({ tracker: 'invalid', forms: 'off' });
    const off = () => false;
    return { ready, status: () => 'invalid', tracking: off, pending: off, observe: noop, consent: noop, page: noop, identify: noop, track: noop, reset: noop };
  }

  queue();
  let tracker, forms, trackerState;
  const consent = createConsent(s, () => start());
  const actions = createActions(s, consent.tracking);

  function start() {
    if (!tracker && consent.tracking()) {
      tracker = loadTracker(s).then((st) => (trackerState = st));
    }
    if (!forms && s.loadFormsSDK && consent.forms()) forms = loadForms(s);
    if (tracker && (forms || !s.loadFormsSDK)) {
      Promise.all([tracker, forms || 'off']).then(([t, f]) => settle({ tracker: t, forms: f }));
    }
  }
  start();

  const core = {
    ready,
    tracking: consent.tracking,
    /** True while `requireConsent` holds HubSpot's tracker back. */
    pending: () => !tracker,
    status: () => (isLive() ? 'loaded' : !tracker ? 'consent-pending' : trackerState || 'loading'),
    /** Reads the consent a CDP message carries (Segment's `context.consent.categoryPreferences`). */
    observe(event) {
      const c = event && event.context && event.context.consent;
      if (c && c.categoryPreferences) consent.update(c.categoryPreferences);
    },
    consent: consent.update,
    page: actions.page,
    identify: actions.identify,
    track: actions.track,
    reset() {
      actions.reset();
      consent.tell();
    },
  };
  cores.push(core);
  return core;
}

/** An @segment/analytics-next destination plugin; each handler returns the ctx it was given. */
export function plugin(settings) {
  const core = createCore(settings);
  const handle = (action) => (ctx) => {
    core.observe(ctx.event);
    action(ctx.event);
    return ctx;
  };
  const pass = (ctx) => ctx;
  return {
    name: 'HubSpot',
    type: 'destination',
    version: VERSION,
    isLoaded: () => core.status() === 'loaded',
    load(ctx, analytics) {
      if (analytics && analytics.register) analytics.register(enrichment(core));
      if (analytics && analytics.on) analytics.on('reset', core.reset);
      return Promise.resolve();
    },
    // analytics.ready() waits for this: never hold it while consent is pending.
    ready: () => (core.pending() ? Promise.resolve() : core.ready),
    page: handle(core.page),
    identify: handle(core.identify),
    track: handle(core.track),
    group: pass,
    alias: pass,
    consent: core.consent,
    status: core.status,
  };
}

/** A standalone tracker: `identify(userId?, traits)`, `page(properties?)`, `track(event, properties?)`. */
export function load(settings) {
  const core = createCore(settings);
  return {
    version: VERSION,
    page: (properties) => core.page({ properties: properties || {} }),
    identify(userId, traits) {
      if (userId && typeof userId === 'object') (traits = userId), (userId = undefined);
      core.identify({ userId, traits });
    },
    track: (event, properties) => core.track({ event, properties }),
    reset: core.reset,
    ready(callback) {
      return core.ready.then((result) => (callback && callback(result), result));
    },
    consent: core.consent,
    status: core.status,
    isLoaded: () => core.status() === 'loaded',
  };
}

/** Tells every destination on this page the host's consent preferences (see README). */
export function consent(preferences) {
  cores.forEach((c) => c.consent(preferences));
}

/**
 * The served snippet's entry point. With analytics-next (or the Segment snippet's array stub, whose
 * buffered `register` calls analytics-next replays when it loads) the plugin is registered there;
 * otherwise `window.hubspotDestination` becomes a standalone tracker. A second boot is ignored.
 */
export function boot(settings) {
  if (window.hubspotDestinationBooted) {
    warn('boot() ran twice: ignored');
    return;
  }
  window.hubspotDestinationBooted = true;
  const a = window.analytics;
  if (Array.isArray(a) && !a.initialized) {
    const p = plugin(settings);
    a.push(['register', p]);
    return p;
  }
  if (a && typeof a.register === 'function') {
    const p = plugin(settings);
    Promise.resolve(a.register(p)).catch(noop);
    return p;
  }
  return (window.hubspotDestination = load(settings));
}
