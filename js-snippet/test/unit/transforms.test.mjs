// Every rule of src/transforms.js (device-mode.md S3.2, S4, S5), one test each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  trim,
  normalizeKey,
  toValue,
  flatten,
  findEmail,
  identifyPayload,
  eventName,
  trackPayload,
  pagePath,
  isPlainObject,
} from '../../src/transforms.js';

test('trim removes white space and zero-width characters at both ends only', () => {
  assert.equal(trim('  a b \n'), 'a b');
  assert.equal(trim('\u200Bx\u200C\u200D\uFEFF'), 'x');
  assert.equal(trim('a\u200Bb'), 'a\u200Bb');
});

test('normalizeKey: trim, runs of white space or dots to one underscore, lower case, camelCase kept whole', () => {
  assert.equal(normalizeKey('Fav  Color'), 'fav_color');
  assert.equal(normalizeKey('plan.tier'), 'plan_tier');
  assert.equal(normalizeKey('a. .b'), 'a_b');
  assert.equal(normalizeKey(' accountLevel '), 'accountlevel');
  assert.equal(normalizeKey('Order ID'), 'order_id');
  assert.equal(normalizeKey('İstanbul'.normalize('NFC')), 'i̇stanbul', 'toLowerCase, not a locale rule');
});

test('values: strings trimmed, numbers, booleans and null kept', () => {
  assert.equal(toValue(' x\u200B'), 'x');
  assert.equal(toValue(3.5), 3.5);
  assert.equal(toValue(false), false);
  assert.equal(toValue(null), null);
});

test('values: Date to epoch ms, invalid Date dropped, ISO strings untouched', () => {
  assert.equal(toValue(new Date('2020-01-02T03:04:05.678Z')), 1577934245678);
  assert.equal(toValue(new Date('nope')), undefined);
  assert.equal(toValue('2020-01-02T03:04:05.678Z'), '2020-01-02T03:04:05.678Z');
});

test('values: undefined and functions dropped', () => {
  assert.equal(toValue(undefined), undefined);
  assert.equal(toValue(() => 1), undefined);
  assert.deepEqual(flatten({ a: undefined, b: () => 1, c: 1 }), { c: 1 });
});

test('values: arrays of primitives joined with ";" (null skipped), arrays with objects as JSON', () => {
  assert.equal(toValue(['a ', 'b', 3, true]), 'a;b;3;true');
  assert.equal(toValue(['a', null, 'b']), 'a;b');
  assert.equal(toValue([]), '');
  assert.equal(toValue([{ x: 1 }, 'y']), '[{"x":1},"y"]');
  assert.equal(toValue([new Date(0)]), '0');
});

test('flatten: nested plain objects joined with "_", normalised on the full path', () => {
  assert.deepEqual(flatten({ Plan: { 'Tier Name': 'gold', limits: { Seats: 3 } }, x: 1 }), {
    plan_tier_name: 'gold',
    plan_limits_seats: 3,
    x: 1,
  });
  assert.deepEqual(flatten({ empty: {} }), {});
  assert.deepEqual(flatten(undefined), {});
  assert.deepEqual(flatten('str'), {});
});

test('flatten: only plain objects are walked; class instances are not', () => {
  class K {
    constructor() {
      this.a = 1;
    }
  }
  assert.equal(isPlainObject(new K()), false);
  assert.equal(isPlainObject(Object.create(null)), true);
  assert.deepEqual(flatten({ k: new K() }), {});
});

test('email: traits.email first, else any case of "email"; trimmed and lower-cased', () => {
  assert.equal(findEmail({ email: ' A@B.com ' }), 'a@b.com');
  assert.equal(findEmail({ EMAIL: 'x@y.io', email: 'a@b.com' }), 'a@b.com');
  assert.equal(findEmail({ Email: 'a@b.com' }), 'a@b.com');
  assert.equal(findEmail({ email: '   ' }), '');
  assert.equal(findEmail({}), '');
  assert.equal(findEmail({ email: 42 }), '');
});

test('email: syntax checked, reserved placeholder domains refused', () => {
  assert.equal(findEmail({ email: 'not-an-email' }), '');
  assert.equal(findEmail({ email: 'a b@c.com' }), '');
  assert.equal(findEmail({ email: 'user@example.com' }), '');
  assert.equal(findEmail({ email: 'user@mail.example.org' }), '');
  assert.equal(findEmail({ email: 'user@host.test' }), '');
  assert.equal(findEmail({ email: 'user@host.invalid' }), '');
  assert.equal(findEmail({ email: 'user@myexample.com' }), 'user@myexample.com');
});

test('identify: no usable email means no payload; the email is never derived from userId', () => {
  assert.equal(identifyPayload({ userId: 'a@b.com', traits: { name: 'x' } }), null);
  assert.equal(identifyPayload({ traits: null }), null);
  assert.equal(identifyPayload({}), null);
});

test('identify: id from userId (trimmed), else traits.id, never anonymousId', () => {
  assert.deepEqual(identifyPayload({ userId: ' u1 ', anonymousId: 'anon', traits: { email: 'a@b.com', id: 't' } }), {
    email: 'a@b.com',
    id: 'u1',
  });
  assert.deepEqual(identifyPayload({ anonymousId: 'anon', traits: { email: 'a@b.com', id: 't1' } }), {
    email: 'a@b.com',
    id: 't1',
  });
  assert.deepEqual(identifyPayload({ userId: 42, traits: { email: 'a@b.com' } }), { email: 'a@b.com', id: '42' });
  assert.deepEqual(identifyPayload({ anonymousId: 'anon', traits: { email: 'a@b.com' } }), { email: 'a@b.com' });
});

test('identify: other spellings of the email key are not sent again', () => {
  assert.deepEqual(identifyPayload({ traits: { email: 'a@b.com', Email: 'c@d.com' } }), { email: 'a@b.com' });
});

test('identify: first/last name aliases become firstname/lastname and are removed', () => {
  assert.deepEqual(identifyPayload({ traits: { email: 'a@b.com', first_name: 'P', last_name: 'G' } }), {
    email: 'a@b.com',
    firstname: 'P',
    lastname: 'G',
  });
  assert.deepEqual(identifyPayload({ traits: { email: 'a@b.com', firstName: 'P', name: 'Other Name' } }), {
    email: 'a@b.com',
    firstname: 'P',
    name: 'Other Name',
  });
});

test('identify: name split at the first space when no first/last name is given; name kept', () => {
  assert.deepEqual(identifyPayload({ traits: { email: 'a@b.com', name: ' Mary Ann Smith ' } }), {
    email: 'a@b.com',
    name: 'Mary Ann Smith',
    firstname: 'Mary',
    lastname: 'Ann Smith',
  });
  assert.deepEqual(identifyPayload({ traits: { email: 'a@b.com', name: 'Cher' } }), {
    email: 'a@b.com',
    name: 'Cher',
    firstname: 'Cher',
  });
});

test('identify: address object spread to address/city/state/country/zip, overriding top-level values', () => {
  assert.deepEqual(
    identifyPayload({ traits: { email: 'a@b.com', zip: '1', address: { street: ' 1 Main ', postal_code: '2' } } }),
    { email: 'a@b.com', address: '1 Main', zip: '2' },
  );
  assert.deepEqual(identifyPayload({ traits: { email: 'a@b.com', address: { zip: '3', city: 'X' } } }), {
    email: 'a@b.com',
    zip: '3',
    city: 'X',
  });
  assert.deepEqual(identifyPayload({ traits: { email: 'a@b.com', address: 'Main St 1' } }), {
    email: 'a@b.com',
    address: 'Main St 1',
  });
});

test('identify: company.name kept, string company kept, other company objects dropped', () => {
  assert.deepEqual(identifyPayload({ traits: { email: 'a@b.com', company: { name: 'Initech', id: 3 } } }), {
    email: 'a@b.com',
    company: 'Initech',
  });
  assert.deepEqual(identifyPayload({ traits: { email: 'a@b.com', company: ' Initech ' } }), {
    email: 'a@b.com',
    company: 'Initech',
  });
  assert.deepEqual(identifyPayload({ traits: { email: 'a@b.com', company: { id: 3 } } }), { email: 'a@b.com' });
});

test('identify: other traits flattened and normalised, null kept, undefined dropped', () => {
  assert.deepEqual(
    identifyPayload({ traits: { email: 'a@b.com', Prefs: { 'News Letter': true }, gone: undefined, cleared: null, tags: ['a', 'b'] } }),
    { email: 'a@b.com', prefs_news_letter: true, cleared: null, tags: 'a;b' },
  );
});

test('event name: pe<portal>_ prefix, trimmed, runs of space/dot to "_", lower case', () => {
  assert.equal(eventName(' Order  Completed ', '123', true), 'pe123_order_completed');
  assert.equal(eventName('v2.Signup', '123', true), 'pe123_v2_signup');
  assert.equal(eventName('Clicked CTA!', '123', true), 'pe123_clicked_cta!', 'punctuation is left unchanged');
});

test('event name: an existing pe<digits>_ prefix is kept; formatting off sends the trimmed name', () => {
  assert.equal(eventName('pe123_clicked', '123', true), 'pe123_clicked');
  assert.equal(eventName(' Order Completed ', '123', false), 'Order Completed');
});

test('event name: empty or missing names give ""', () => {
  assert.equal(eventName('   ', '1', true), '');
  assert.equal(eventName(undefined, '1', true), '');
  assert.equal(trackPayload({ event: '' }, '1', true), null);
});

test('track payload: properties flattened with the identify value rules; {} when absent', () => {
  assert.deepEqual(trackPayload({ event: 'A', properties: { 'Order ID': ' 1 ', item: { SKU: 'x' }, at: new Date(5) } }, '9', true), {
    name: 'pe9_a',
    properties: { order_id: '1', item_sku: 'x', at: 5 },
  });
  assert.deepEqual(trackPayload({ event: 'A' }, '9', true), { name: 'pe9_a', properties: {} });
  assert.deepEqual(trackPayload({ event: 'A', properties: { revenue: 10, id: 'x' } }, '9', true).properties, {
    revenue: 10,
    id: 'x',
  }, 'no legacy revenue->value or id->_id renaming');
});

test('page path: properties.path, else context.page.path, else the fallback', () => {
  assert.equal(pagePath({ properties: { path: '/a' }, context: { page: { path: '/b' } } }, '/c'), '/a');
  assert.equal(pagePath({ properties: {}, context: { page: { path: '/b' } } }, '/c'), '/b');
  assert.equal(pagePath({ properties: { path: '  ' } }, '/c'), '/c');
  assert.equal(pagePath(undefined, '/c'), '/c');
});
