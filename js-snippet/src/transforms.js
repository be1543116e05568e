/**
 * Pure transforms from Segment-spec messages to the shapes HubSpot's tracking code takes
 * (device-mode.md S4 and S5). No DOM, no globals, no I/O: every rule here is unit-tested.
 */

const EDGE_SPACE = /^[\s\u200B-\u200D\uFEFF]+|[\s\u200B-\u200D\uFEFF]+$/g;
const RUNS = /[\s.]+/g;
const HAS_PREFIX = /^pe\d+_/;
// RFC 2606 / 6761 names can never receive mail: such an address is a placeholder.
const PLACEHOLDER = /@(.+\.)?example\.(com|net|org)$|\.(test|example|invalid|localhost)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trims white space and the zero-width characters U+200B-U+200D and U+FEFF at both ends. */
export const trim = (s) => String(s).replace(EDGE_SPACE, '');

/** Key normalisation: trim, runs of white space or dots to `_`, lower case (camelCase is not split). */
export const normalizeKey = (k) => trim(k).replace(RUNS, '_').toLowerCase();

const isDate = (v) => v instanceof Date;

/** A plain object (the only kind that is flattened). */
export const isPlainObject = (v) => {
  if (!v || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Value rules: strings trimmed, Dates to epoch milliseconds, arrays of primitives joined with `;`,
 * arrays holding objects as JSON, null kept; undefined, functions and invalid dates give undefined
 * (the key is then dropped). ISO date strings are left as they are.
 */
export function toValue(v) {
  if (typeof v === 'string') return trim(v);
  if (isDate(v)) return isNaN(v.getTime()) ? undefined : v.getTime();
  if (Array.isArray(v)) {
    if (v.some((x) => x !== null && typeof x === 'object' && !isDate(x))) return JSON.stringify(v);
    return v.filter((x) => x != null).map(toValue).filter((x) => x !== undefined).join(';');
  }
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
  return undefined;
}

/** Flattens plain objects (path segments joined with `_`), normalising each full key path. */
export function flatten(obj, out = {}, prefix = '') {
  if (!isPlainObject(obj)) return out;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (isPlainObject(v)) {
      flatten(v, out, prefix + k + '_');
    } else {
      const value = toValue(v);
      if (value !== undefined) out[normalizeKey(prefix + k)] = value;
    }
  }
  return out;
}

const str = (v) => (typeof v === 'string' || typeof v === 'number' ? trim(v) : '');

/** The first present (not undefined) value among the keys. */
const pick = (o, keys) => {
  for (const k of keys) if (o[k] !== undefined) return o[k];
  return undefined;
};

const FIRST = ['firstName', 'first_name', 'firstname'];
const LAST = ['lastName', 'last_name', 'lastname'];
const SPECIAL = new Set([...FIRST, ...LAST, 'id', 'company']);

/**
 * The email of an identify: `traits.email`, else any key spelled `email` in another case; trimmed,
 * lower-cased, syntax-checked, placeholders refused. Returns '' when there is no usable email.
 */
export function findEmail(traits) {
  const keys = Object.keys(traits || {}).filter((k) => k.toLowerCase() === 'email');
  keys.sort((a, b) => (b === 'email') - (a === 'email'));
  for (const k of keys) {
    const e = typeof traits[k] === 'string' ? trim(traits[k]).toLowerCase() : '';
    if (e) return EMAIL.test(e) && !PLACEHOLDER.test(e) ? e : '';
  }
  return '';
}

/**
 * S4: the object pushed with `['identify', obj]`, or null when there is no usable email.
 * `id` comes from userId, else traits.id, never from anonymousId.
 */
export function identifyPayload(event) {
  const traits = isPlainObject(event && event.traits) ? event.traits : {};
  const email = findEmail(traits);
  if (!email) return null;

  const rest = {};
  for (const k of Object.keys(traits)) {
    if (!SPECIAL.has(k) && k.toLowerCase() !== 'email' && !(k === 'address' && isPlainObject(traits[k]))) {
      rest[k] = traits[k];
    }
  }
  const out = flatten(rest);
  const set = (k, v) => {
    const value = toValue(v);
    if (value !== undefined) out[k] = value;
  };

  out.email = email;
  const id = str(event.userId) || str(traits.id);
  if (id) out.id = id;

  let first = pick(traits, FIRST);
  let last = pick(traits, LAST);
  if (first === undefined && last === undefined && typeof traits.name === 'string') {
    const name = trim(traits.name);
    const i = name.indexOf(' ');
    first = i < 0 ? name : name.slice(0, i);
    if (i >= 0) last = name.slice(i + 1);
  }
  set('firstname', first);
  set('lastname', last);

  const a = traits.address;
  if (isPlainObject(a)) {
    set('address', a.street);
    set('city', a.city);
    set('state', a.state);
    set('country', a.country);
    set('zip', pick(a, ['postalCode', 'postal_code', 'zip']));
  }

  const c = traits.company;
  if (typeof c === 'string') set('company', c);
  else if (isPlainObject(c) && typeof c.name === 'string') set('company', c.name);

  return out;
}

/**
 * S5: the custom behavioral event name. With formatting on and no existing `pe<digits>_` prefix:
 * `pe<portalId>_` + the trimmed name with runs of white space or dots as `_`, lower-cased.
 * Returns '' for an empty name.
 */
export function eventName(event, portalId, format) {
  const name = str(event);
  if (!name || !format || HAS_PREFIX.test(name)) return name;
  return 'pe' + portalId + '_' + name.replace(RUNS, '_').toLowerCase();
}

/** S5: the object pushed with `['trackCustomBehavioralEvent', obj]`, or null for an empty name. */
export function trackPayload(event, portalId, format) {
  const name = eventName(event && event.event, portalId, format);
  return name ? { name, properties: flatten(event.properties) } : null;
}

/** S3: the path of a page call: properties.path, else context.page.path, else the fallback. */
export function pagePath(event, fallback) {
  const candidates = [event && event.properties && event.properties.path,
    event && event.context && event.context.page && event.context.page.path];
  for (const p of candidates) if (typeof p === 'string' && trim(p)) return trim(p);
  return fallback;
}
