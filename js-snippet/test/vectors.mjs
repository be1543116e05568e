// The worked vectors of shared/spec/device-mode.md (b), as data. Unit tests (node, fake DOM) and browser
// tests (Chromium + analytics-next + fake HubSpot) both run every one of them.
//
// calls:   Segment-spec messages, delivered in order (type page | identify | track | group | alias).
// loaded:  true  -> HubSpot has taken over _hsq.push before the calls; `pushes` is what it receives.
//          false -> HubSpot has not loaded; `queue` is the content of the window._hsq array, and then
//                   `after` runs once HubSpot has loaded.
// scripts: the <script> elements the snippet injects, in order.

export const PORTAL = '123456';
const base = { portalId: PORTAL };
const page = (path) => ({ type: 'page', properties: { path } });
const identify = (traits, more = {}) => ({ type: 'identify', ...more, traits });

export const loader = (host = 'js.hs-scripts.com') => ({
  src: `https://${host}/${PORTAL}.js`,
  id: 'hs-script-loader',
  async: true,
  defer: true,
});

export const loadingVectors = [
  { id: 1, title: 'init, defaults', settings: base, scripts: [loader()] },
  {
    id: 2,
    title: 'init, EU',
    settings: { ...base, enableEuropeanDataCenter: true },
    scripts: [loader('js-eu1.hs-scripts.com')],
  },
  {
    id: 3,
    title: 'init with forms',
    settings: { ...base, loadFormsSDK: true },
    scripts: [loader(), { src: 'https://js.hsforms.net/forms/v2.js', id: '', async: true, defer: true }],
  },
  {
    id: 5,
    title: 'the page already has HubSpot\'s embed',
    settings: base,
    preexisting: { id: 'hs-script-loader', src: `//js.hs-scripts.com/${PORTAL}.js` },
    scripts: [],
  },
  {
    id: 6,
    title: 'invalid portal',
    settingsVariants: [{ portalId: 'abc' }, { portalId: '' }, {}],
    scripts: [],
    calls: [page('/'), page('/b'), identify({ email: 'a@b.com' }, { userId: 'u1' }), { type: 'track', event: 'X' }],
    pushes: [],
    errors: 1,
  },
];

export const messageVectors = [
  { id: 9, title: 'first page() of the document', settings: base, loaded: true, calls: [page('/')], pushes: [] },
  {
    id: 10,
    title: 'second page(), SPA route',
    settings: base,
    loaded: true,
    calls: [page('/'), page('/pricing')],
    pushes: [['setPath', '/pricing'], ['trackPageView']],
  },
  {
    id: 13,
    title: 'route change before the tracker loads',
    settings: base,
    loaded: false,
    calls: [page('/'), page('/pricing')],
    queue: [['setPath', '/pricing']],
    after: { calls: [page('/x')], pushes: [['setPath', '/x'], ['trackPageView']] },
  },
  {
    id: 14,
    title: 'identify without email',
    settings: base,
    loaded: true,
    calls: [identify({ name: 'x' }, { userId: 'u1' })],
    pushes: [],
  },
  {
    id: 15,
    title: 'identify with userId and email',
    settings: base,
    loaded: true,
    calls: [identify({ email: 'a@b.com' }, { userId: 'u1', anonymousId: 'anon-1' })],
    pushes: [['identify', { email: 'a@b.com', id: 'u1' }]],
  },
  {
    id: 17,
    title: 'capitalised Email key',
    settings: base,
    loaded: true,
    calls: [identify({ Email: 'a@b.com' }, { anonymousId: 'anon-1' })],
    pushes: [['identify', { email: 'a@b.com' }]],
  },
  {
    id: 18,
    title: 'key normalisation',
    settings: base,
    loaded: true,
    calls: [
      identify({
        email: 'a@b.com',
        firstName: 'Peter',
        lastName: 'Gibbon',
        accountLevel: 'pro',
        'Fav  Color': 'red',
        'plan.tier': 'gold',
      }),
    ],
    pushes: [
      [
        'identify',
        {
          email: 'a@b.com',
          firstname: 'Peter',
          lastname: 'Gibbon',
          accountlevel: 'pro',
          fav_color: 'red',
          plan_tier: 'gold',
        },
      ],
    ],
  },
  {
    id: 19,
    title: 'name split',
    settings: base,
    loaded: true,
    calls: [identify({ email: 'a@b.com', name: 'Peter Gibbon' })],
    pushes: [['identify', { email: 'a@b.com', name: 'Peter Gibbon', firstname: 'Peter', lastname: 'Gibbon' }]],
  },
  {
    id: 21,
    title: 'full address',
    settings: base,
    loaded: true,
    calls: [
      identify({
        email: 'a@b.com',
        city: 'Old',
        address: { street: '6th St', city: 'San Francisco', state: 'CA', postalCode: '94103', country: 'USA' },
      }),
    ],
    pushes: [
      [
        'identify',
        { email: 'a@b.com', address: '6th St', city: 'San Francisco', state: 'CA', country: 'USA', zip: '94103' },
      ],
    ],
  },
  {
    id: 25,
    title: 'dates',
    settings: base,
    loaded: true,
    calls: [
      identify({
        email: 'a@b.com',
        signupDate: new Date('2020-01-02T03:04:05.678Z'),
        trialEnds: '2020-01-02T03:04:05.678Z',
      }),
    ],
    pushes: [['identify', { email: 'a@b.com', signupdate: 1577934245678, trialends: '2020-01-02T03:04:05.678Z' }]],
  },
  {
    id: 27,
    title: 'flush after load',
    settings: { ...base, flushIdentifyImmediately: true },
    loaded: true,
    calls: [identify({ email: 'a@b.com' }, { userId: 'u1' })],
    pushes: [['identify', { email: 'a@b.com', id: 'u1' }], ['trackPageView']],
  },
  {
    id: 30,
    title: 'track, default formatting',
    settings: base,
    loaded: true,
    calls: [{ type: 'track', event: 'Order Completed', properties: { 'Order ID': '1', revenue: 10 } }],
    pushes: [
      ['trackCustomBehavioralEvent', { name: 'pe123456_order_completed', properties: { order_id: '1', revenue: 10 } }],
    ],
  },
  {
    id: 31,
    title: 'track, name already internal',
    settings: base,
    loaded: true,
    calls: [{ type: 'track', event: 'pe123456_clicked_cta', properties: {} }],
    pushes: [['trackCustomBehavioralEvent', { name: 'pe123456_clicked_cta', properties: {} }]],
  },
  {
    id: 34,
    title: 'track, no properties',
    settings: base,
    loaded: true,
    calls: [{ type: 'track', event: 'Signed Up' }],
    pushes: [['trackCustomBehavioralEvent', { name: 'pe123456_signed_up', properties: {} }]],
  },
  {
    id: 37,
    title: 'group and alias',
    settings: base,
    loaded: true,
    calls: [{ type: 'group', groupId: 'g' }, { type: 'alias', userId: 'u' }],
    pushes: [],
  },
];
