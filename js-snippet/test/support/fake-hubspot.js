// Fake HubSpot tracking code, served in place of js(-<hublet>).hs-scripts.com/<portal>.js by the browser
// tests. Like HubSpot's script it drains window._hsq / window._hsp, then replaces their push, so that the
// snippet's readiness check sees it as loaded. It records every command in window.__hsFake:
//   queued / privacyQueued  commands found in the arrays at load (in order)
//   pushes / privacy        commands pushed afterwards
//   autoViews               HubSpot's own initial trackPageView (1 per load)
//   bannerDisabled          window.disableHubSpotCookieBanner at load time
// It sets the hubspotutk cookie (unless consent says no analytics) and expires it on revokeCookieConsent.
(function () {
  var UTK = '0123456789abcdef0123456789abcdef';
  // the fake Forms SDK may have loaded first and created the record with only its own field
  var f = (window.__hsFake = window.__hsFake || {});
  var fields = { loads: 0, queued: [], pushes: [], privacyQueued: [], privacy: [], autoViews: 0, bannerDisabled: null };
  Object.keys(fields).forEach(function (k) { if (!(k in f)) f[k] = fields[k]; });
  f.loads++;
  var q = (window._hsq = window._hsq || []);
  if (q.push !== Array.prototype.push) return; // already running: HubSpot does not start twice
  f.bannerDisabled = window.disableHubSpotCookieBanner === true;

  var clone = function (c) {
    return JSON.parse(JSON.stringify(c, function (k, v) { return typeof v === 'function' ? '[function]' : v; }));
  };
  var analyticsAllowed = true;
  var privacy = function (c, list) {
    list.push(clone(c));
    if (c[0] === 'setHubSpotConsent') analyticsAllowed = !!(c[1] && c[1].analytics);
    if (c[0] === 'revokeCookieConsent') document.cookie = 'hubspotutk=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  };

  var p = (window._hsp = window._hsp || []);
  p.slice().forEach(function (c) { privacy(c, f.privacyQueued); });
  p.push = function () {
    for (var i = 0; i < arguments.length; i++) privacy(arguments[i], f.privacy);
    return p.length;
  };

  q.slice().forEach(function (c) { f.queued.push(clone(c)); });
  q.push = function () {
    for (var i = 0; i < arguments.length; i++) f.pushes.push(clone(arguments[i]));
    return q.length;
  };
  f.autoViews++;
  if (analyticsAllowed && !/(^|;\s*)hubspotutk=/.test(document.cookie)) {
    document.cookie = 'hubspotutk=' + UTK + '; path=/';
  }
})();
