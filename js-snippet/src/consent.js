/**
 * Consent (device-mode.md S7, opt-in with `requireConsent`). The host's category preferences
 * (`{"Analytics": true, ...}`, as in Segment's `context.consent.categoryPreferences`) are mapped onto
 * HubSpot's three categories through `consentCategories`. HubSpot tracking (the loader and every
 * `_hsq` command) needs analytics or advertisement consent; the Forms SDK needs any of the three.
 * Each new state is told to HubSpot with `_hsp` `setHubSpotConsent` (HubSpot does not keep it across
 * page loads); withdrawal pushes `revokeCookieConsent` and expires HubSpot's cookies.
 */
import { CATEGORIES } from './settings.js';
import { pushPrivacy } from './hsq.js';
import { clearCookies, utk } from './utk.js';

/**
 * Maps preferences onto `{analytics, advertisement, functionality}`. Accepts the host's names (through
 * `map`), HubSpot's own names, or `true`/`false` for all; anything else gives null (no signal).
 */
export function consentState(prefs, map) {
  if (typeof prefs === 'boolean') prefs = { analytics: prefs, advertisement: prefs, functionality: prefs };
  if (!prefs || typeof prefs !== 'object') return null;
  const state = {};
  for (const c of CATEGORIES) state[c] = map[c].concat(c).some((name) => prefs[name] === true);
  return state;
}

const tracks = (st) => !!st && (st.analytics || st.advertisement);
const forms = (st) => tracks(st) || (!!st && st.functionality);

/** One destination's consent state; `onChange` runs after every change. */
export function createConsent(s, onChange) {
  let state = null;
  // Set before any loader is injected, so HubSpot's own banner never shows beside the host's.
  if (s.requireConsent) window.disableHubSpotCookieBanner = true;

  const tell = () => state && pushPrivacy(['setHubSpotConsent', Object.assign({}, state)]);

  return {
    tracking: () => !s.requireConsent || tracks(state),
    forms: () => !s.requireConsent || forms(state),
    /** Re-sends the current state (after a reset has revoked HubSpot's cookies). */
    tell,
    update(prefs) {
      if (!s.requireConsent) return;
      const next = consentState(prefs, s.consentCategories);
      if (!next || (state && CATEGORIES.every((c) => state[c] === next[c]))) return;
      const was = tracks(state);
      state = next;
      tell();
      if (!tracks(next) && (was || utk())) {
        pushPrivacy(['revokeCookieConsent']);
        clearCookies();
      }
      onChange();
    },
  };
}
