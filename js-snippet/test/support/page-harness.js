// Browser-side helpers for the Chromium tests (served at /support/page-harness.js). Defines window.T.
(function () {
  var T = (window.T = {});

  // Stamps Segment's consent convention (context.consent.categoryPreferences) on every event, as
  // Segment's consent tools do; T.prefs is what the "consent manager" currently says.
  T.prefs = null;
  var consentStamp = {
    name: 'Consent Stamp (test)',
    type: 'before',
    version: '0',
    isLoaded: function () { return true; },
    load: function () { return Promise.resolve(); },
  };
  ['page', 'identify', 'track', 'group', 'alias'].forEach(function (m) {
    consentStamp[m] = function (ctx) {
      if (T.prefs) {
        ctx.event.context = ctx.event.context || {};
        ctx.event.context.consent = { categoryPreferences: T.prefs };
      }
      return ctx;
    };
  });

  /** Loads analytics-next (offline recipe) with the HubSpot plugin. opts.collector sends to /v1 too. */
  T.analyticsNext = async function (settings, opts) {
    opts = opts || {};
    var cdnSettings = { integrations: {} };
    var options = { integrations: { 'Segment.io': false } };
    if (opts.collector) {
      cdnSettings.integrations['Segment.io'] = { apiKey: 'wk', apiHost: location.host + '/v1', protocol: 'http' };
      options = {};
    }
    if (opts.disableClientPersistence) options.disableClientPersistence = true;
    T.plugin = HubSpotDestination.plugin(settings);
    var plugins = opts.consentStamp ? [consentStamp, T.plugin] : [T.plugin];
    var loaded = await AnalyticsNext.AnalyticsBrowser.load(
      { writeKey: 'wk', cdnSettings: cdnSettings, cdnURL: location.origin, plugins: plugins },
      options
    );
    T.analytics = loaded[0];
    return true;
  };

  /** Delivers one Segment-spec message through analytics-next (awaits delivery to the plugins). */
  T.call = function (c) {
    var a = T.analytics;
    switch (c.type) {
      case 'page':
        return a.page(c.properties || {});
      case 'identify':
        if (c.anonymousId) a.setAnonymousId(c.anonymousId);
        return c.userId ? a.identify(c.userId, c.traits) : a.identify(c.traits);
      case 'track':
        return a.track(c.event, c.properties);
      case 'group':
        return a.group(c.groupId, c.traits);
      case 'alias':
        return a.alias(c.userId);
    }
    throw new Error('unknown call ' + c.type);
  };

  T.run = async function (calls) {
    for (var i = 0; i < calls.length; i++) await T.call(calls[i]);
    return true;
  };

  /** The <script> elements that point at HubSpot hosts, in document order. */
  T.hubspotScripts = function () {
    return Array.prototype.slice
      .call(document.querySelectorAll('script[src]'))
      .filter(function (s) { return /hs-scripts\.com|hsforms\.net/.test(s.src); })
      .map(function (s) { return { src: s.src, id: s.id, async: s.async, defer: s.defer }; });
  };

  T.hsqArray = function () {
    return Array.isArray(window._hsq) && window._hsq.push === Array.prototype.push
      ? JSON.parse(JSON.stringify(window._hsq))
      : null;
  };

  T.fake = function () {
    return window.__hsFake ? JSON.parse(JSON.stringify(window.__hsFake)) : null;
  };
})();
