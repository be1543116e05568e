/**
 * Settings (device-mode.md S1, interface.md): validation, defaults and the region's host suffix.
 * Pure; an invalid portal id or hublet gives `{error}` and the snippet then loads and pushes nothing.
 */

export const CATEGORIES = ['analytics', 'advertisement', 'functionality'];

export const DEFAULTS = {
  enableEuropeanDataCenter: false,
  hublet: '',
  loadFormsSDK: false,
  flushIdentifyImmediately: false,
  formatCustomBehavioralEventNames: true,
  skipInitialPageView: true,
  requireConsent: false,
  consentCategories: { analytics: 'Analytics', advertisement: 'Advertising', functionality: 'Functional' },
  scriptLoadTimeoutMs: 11000,
};

const HUBLET = /^[a-z]{2,3}\d{1,2}$/;

/**
 * Returns the normalised settings: every key of DEFAULTS, `portalId` (digits) and `suffix`
 * ('' for US/na1, '-<hublet>' otherwise), or `{error: '...'}` naming the setting that is wrong.
 */
export function normalizeSettings(input) {
  const given = input && typeof input === 'object' ? input : {};
  const s = {};
  for (const k of Object.keys(DEFAULTS)) {
    const d = DEFAULTS[k];
    const v = given[k];
    s[k] = typeof v === typeof d && v !== null ? v : d;
  }

  const id = given.portalId;
  s.portalId = typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : typeof id === 'string' ? id.trim() : '';
  if (!/^\d+$/.test(s.portalId)) {
    return { error: 'portalId: Hub ID digits expected; nothing loaded' };
  }

  const hublet = s.hublet.trim().toLowerCase() || (s.enableEuropeanDataCenter ? 'eu1' : '');
  if (hublet && hublet !== 'na1' && !HUBLET.test(hublet)) {
    return { error: 'hublet: eu1, na2, ap1... expected; nothing loaded' };
  }
  s.hublet = hublet;
  s.suffix = hublet && hublet !== 'na1' ? '-' + hublet : '';

  const map = {};
  for (const c of CATEGORIES) {
    const v = s.consentCategories[c];
    map[c] = [].concat(v === undefined ? DEFAULTS.consentCategories[c] : v).filter((n) => typeof n === 'string');
  }
  s.consentCategories = map;

  const t = s.scriptLoadTimeoutMs;
  s.scriptLoadTimeoutMs = t > 0 && t <= 600000 ? Math.round(t) : DEFAULTS.scriptLoadTimeoutMs;
  return s;
}
