// The console page: plain modern JavaScript, no framework, no build step. Everything it shows comes from
// /console/api/ (admin only); it never sees a secret. Every value is written with textContent, never as HTML,
// because much of it (traits, properties, event names) comes from whoever sent the messages.

const CSRF = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
const POLL_MS = 5000;
const SLOW_POLL_MS = 30000;
const OUTCOMES = ['DELIVERED', 'DELIVERED_WITH_WARNINGS', 'SKIPPED', 'DROPPED', 'RETRY_LATER', 'FAILED'];
const COLORS = {
  DELIVERED: '#1f8a4c', DELIVERED_WITH_WARNINGS: '#c98a00', SKIPPED: '#7a8794', DROPPED: '#c0392b',
  RETRY_LATER: '#6c4fd1', FAILED: '#111111',
};
const REPORT_TITLES = { audiences: 'Audiences and lists', emailEvents: 'Email events export', warehouse: 'Warehouse sync' };

// ------------------------------------------------------------------ small helpers

/** h('div', {class: 'x', testid: 'y'}, child, 'text') -> element; strings become text nodes. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'testid') el.dataset.testid = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'href') el.href = safeHref(v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Links go only to HubSpot's own UI or to this console. */
function safeHref(url) {
  return /^https:\/\/app(-[a-z]{2,4}\d)?\.hubspot\.com\//.test(url) || url.startsWith('/console') ? url : '#';
}

function fmtNumber(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : String(n ?? '–');
}

const pad = (n) => String(n).padStart(2, '0');

function fmtTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local time as 2026-12-02 05:04:11: never ambiguous between day and month. */
function fmtDateTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${fmtTime(iso)}`;
}

function badge(outcome) {
  return h('span', { class: `badge o-${String(outcome).toLowerCase().replaceAll('_', '-')}`, text: outcome });
}

function pretty(value) {
  return h('pre', { class: 'json', text: JSON.stringify(value, null, 2) });
}

function replace(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

function banner(text) {
  const b = document.getElementById('banner');
  b.hidden = !text;
  b.textContent = text ?? '';
}

/** A call to the console's API; JSON back. Refusals (signed out, session gone) show the banner. */
async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-Console-Csrf'] = CSRF;
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`/console/api/${path}`, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  let json = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  if (res.status === 401 || (res.status === 403 && json?.error?.code !== 'CSRF_TOKEN_MISSING')) {
    banner('You are signed out (or the session ended). Reload the page to sign in again.');
  }
  return { status: res.status, json };
}

function errorText(answer) {
  const e = answer.json?.error;
  return e ? `${e.code}: ${e.message}` : `HTTP ${answer.status}`;
}

/** A generic, readable view of a JSON value: nested definition lists, arrays of objects as tables. */
function tree(value, depth = 0) {
  if (value === null || value === undefined) return h('span', { class: 'muted', text: '–' });
  if (typeof value !== 'object') return h('span', { text: String(value) });
  if (Array.isArray(value)) {
    if (value.length === 0) return h('span', { class: 'muted', text: 'none' });
    if (value.every((v) => v && typeof v === 'object' && !Array.isArray(v)) && depth < 3) {
      const keys = [...new Set(value.flatMap((v) => Object.keys(v)))].slice(0, 8);
      return h('table', { class: 'mini' },
        h('thead', {}, h('tr', {}, keys.map((k) => h('th', { text: k })))),
        h('tbody', {}, value.slice(0, 50).map((row) => h('tr', {}, keys.map((k) => h('td', {}, cell(row[k])))))));
    }
    return h('span', { text: value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ') });
  }
  if (depth >= 4) return h('code', { text: JSON.stringify(value) });
  const dl = h('dl', { class: 'tree' });
  for (const [k, v] of Object.entries(value)) dl.append(h('dt', { text: k }), h('dd', {}, tree(v, depth + 1)));
  return dl;
}

function cell(v) {
  if (v === null || v === undefined) return '–';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

// ------------------------------------------------------------------ message views (lookup, latest messages)

function warningsList(warnings) {
  if (!warnings?.length) return null;
  return h('ul', { class: 'warnings' }, warnings.map((w) =>
    h('li', {}, h('code', { text: w.code }), w.property ? ` ${w.property}` : '', w.message ? ` — ${w.message}` : '')));
}

function requestsList(requests) {
  if (!requests?.length) return h('p', { class: 'muted', text: 'No HubSpot request was made for it.' });
  return h('ul', { class: 'requests' }, requests.map((r) => h('li', {},
    h('code', { text: `${r.method} ${r.path}` }),
    r.correlationId ? h('span', { class: 'muted', text: ` correlation id ${r.correlationId}` }) : null,
    r.body !== undefined ? h('details', {}, h('summary', { text: 'body (dry-run: what would be sent)' }), pretty(r.body)) : null)));
}

function linksList(links) {
  if (!links?.length) return null;
  return h('p', { class: 'links' }, 'In HubSpot: ', links.map((l, i) => [i ? ', ' : '',
    h('a', { href: l.url, target: '_blank', rel: 'noopener noreferrer', text: l.label })]));
}

function messageDetails(entry) {
  return h('div', { class: 'details' },
    entry.reason ? h('p', {}, h('strong', { text: entry.reason }), entry.detail ? ` — ${entry.detail}` : '') :
      entry.detail ? h('p', { text: entry.detail }) : null,
    warningsList(entry.warnings),
    h('h5', { text: 'HubSpot requests' }), requestsList(entry.requests),
    linksList(entry.links),
    entry.message ? h('details', {}, h('summary', { text: 'the message (traits and properties, secrets masked)' }),
      pretty(entry.message)) : null);
}

function receiptView(r) {
  return h('div', { class: 'receipt' },
    h('p', {}, badge(r.outcome), ' ', h('span', { text: `${r.type ?? ''} · ${r.attempts ?? 0} attempt(s) · received ` }),
      h('time', { text: fmtDateTime(r.acceptedAt) }), r.finishedAt ? ` · final ${fmtDateTime(r.finishedAt)}` : ''),
    r.reason ? h('p', {}, h('strong', { text: r.reason }), r.detail ? ` — ${r.detail}` : '') : null,
    r.lastError ? h('p', { class: 'muted', text: `last error: ${r.lastError}` }) : null,
    warningsList(r.warnings),
    linksList(r.links));
}

async function lookup(messageId) {
  const out = document.getElementById('message-result');
  messageId = messageId.trim();
  if (!messageId) {
    replace(out, h('p', { class: 'muted', text: 'Type the messageId your CDP sent (Segment shows it on every event).' }));
    return;
  }
  const url = new URL(location.href);
  url.searchParams.set('messageId', messageId);
  history.replaceState(null, '', url);
  replace(out, h('p', { class: 'muted', text: 'Looking…' }));
  const answer = await api(`messages/${encodeURIComponent(messageId)}`);
  if (answer.status === 404) {
    replace(out, h('p', { class: 'not-found' }, h('strong', { text: 'Not found. ' }), answer.json?.error?.message ?? ''));
    return;
  }
  if (answer.status !== 200) {
    replace(out, h('p', { class: 'error', text: errorText(answer) }));
    return;
  }
  replace(out, answer.json.found.map((f) => h('article', { class: 'found' },
    h('h4', {}, `${f.destination} `, h('span', { class: 'muted', text: f.mode })),
    f.receipt ? receiptView(f.receipt) : h('p', { class: 'muted', text: 'No receipt (durable mode keeps them a week; sync mode its latest 20,000, in memory).' }),
    f.recent ? messageDetails(f.recent) : h('p', { class: 'muted', text: 'Not among the latest messages any more.' }))));
}

// ------------------------------------------------------------------ the event tester

async function runTester() {
  const out = document.getElementById('tester-result');
  const id = document.getElementById('tester-destination').value;
  const text = document.getElementById('tester-input').value;
  try {
    JSON.parse(text);
  } catch (e) {
    replace(out, h('p', { class: 'error', text: `That is not JSON: ${e.message}` }));
    return;
  }
  replace(out, h('p', { class: 'muted', text: 'Validating…' }));
  const answer = await api(`destinations/${encodeURIComponent(id)}/validate`, { method: 'POST', body: text });
  const results = answer.json?.results;
  const head = h('p', {}, h('strong', { text: `HTTP ${answer.status}` }),
    answer.json?.error ? ` — ${answer.json.error.code}: ${answer.json.error.message}` : ' — what /v1/validate says');
  if (!Array.isArray(results)) {
    replace(out, head);
    return;
  }
  replace(out, head, results.map((r) => h('article', { class: 'tested' },
    h('h4', {}, badge(r.outcome), ' ', h('code', { text: r.messageId ?? '(no messageId)' }), ` ${r.type ?? ''}`),
    messageDetails(r))));
}

// ------------------------------------------------------------------ one destination's section

class DestinationView {
  constructor(d) {
    this.d = d;
    this.open = new Set();
    const id = d.id;
    this.setupBody = h('div', { class: 'body' }, h('p', { class: 'muted', text: 'Checking…' }));
    this.budgetBody = h('div', { class: 'body' });
    this.chartEl = h('div', { class: 'chart', testid: 'outcome-chart' });
    this.totalsEl = h('p', { class: 'totals' });
    this.recentBody = h('tbody');
    this.recentTable = h('table', { class: 'recent', testid: 'recent-messages' },
      h('thead', {}, h('tr', {}, ['time', 'messageId', 'type', 'outcome', 'what happened', 'HubSpot'].map((t) => h('th', { text: t })))),
      this.recentBody);
    this.recentNote = h('p', { class: 'muted' });
    this.missesBody = h('div', { class: 'body' });
    this.deadBody = h('div', { class: 'body' });
    this.reportsBody = h('div', { class: 'body' });
    this.el = h('section', { class: 'destination', testid: `destination-${id}`, id: `destination-${id}` },
      h('header', {},
        h('h2', { text: id }),
        h('span', { class: `mode ${d.mode === 'live' ? 'live' : 'dry'}`, text: d.mode }),
        h('span', { class: 'muted', text: ` portal ${d.portalId}` }),
        h('p', { class: 'features', text: d.features.join(' · ') })),
      h('div', { class: 'grid' },
        h('article', { class: 'card wide setup' }, h('h3', {}, 'Setup check ',
          h('button', { type: 'button', class: 'small', onclick: () => this.loadSetup(true), text: 'Check again' })), this.setupBody),
        h('article', { class: 'card budget' }, h('h3', { text: 'HubSpot budget' }), this.budgetBody),
        h('article', { class: 'card misses' }, h('h3', { text: 'Missing in HubSpot, as delivery found' }), this.missesBody),
        h('article', { class: 'card dead' }, h('h3', { text: 'Dead letters' }), this.deadBody),
        h('article', { class: 'card wide' }, h('h3', { text: 'Messages by outcome, per minute, last hour' }), this.chartEl, this.totalsEl),
        h('article', { class: 'card wide' }, h('h3', { text: 'Latest messages' }), this.recentNote, this.recentTable),
        h('article', { class: 'card wide reports' }, h('h3', { text: 'Syncs: audiences, email events, warehouse' }), this.reportsBody)));
  }

  async loadSetup(again = false) {
    const a = await api(`destinations/${encodeURIComponent(this.d.id)}/setup${again ? '?again=true' : ''}`);
    if (a.status !== 200) {
      replace(this.setupBody, h('p', { class: 'error', text: errorText(a) }));
      return;
    }
    const s = a.json;
    if (s.mode === 'dry-run') {
      replace(this.setupBody, h('p', { class: 'note', text: s.note }));
      return;
    }
    const problems = s.problems ?? [];
    const parts = [];
    const side = [];
    parts.push(problems.length
      ? h('ul', { class: 'problems' }, problems.map((p) => h('li', { class: p.severity, text: p.text })))
      : h('p', { class: 'ok', text: 'Token, account, region, scopes and schema match the settings.' }));
    const t = s.token ?? {};
    const acc = s.account ?? {};
    parts.push(h('dl', { class: 'facts' },
      h('dt', { text: 'portal' }), h('dd', {}, `${s.portal?.configured ?? ''}`,
        s.portal?.match === false ? h('strong', { class: 'bad', text: ` ≠ token's ${s.portal.token ?? s.portal.account}` }) : ''),
      h('dt', { text: 'private app' }), h('dd', { text: t.ok ? `app ${t.appId}, user ${t.userId}` : (t.error ?? '–') }),
      h('dt', { text: 'account' }), h('dd', { text: acc.ok ? `${acc.accountType ?? ''} · ${acc.timeZone ?? ''} · UI ${acc.uiDomain ?? ''}` : (acc.error ?? '–') }),
      h('dt', { text: 'data hosted in' }), h('dd', {}, `${s.region?.dataHostingLocation ?? '–'} (settings: ${s.region?.settingsRegion ?? '–'}) `,
        s.region?.match === true ? h('span', { class: 'ok', text: 'match' }) : s.region?.match === false ? h('span', { class: 'bad', text: 'mismatch' }) : ''),
      h('dt', { text: 'checked' }), h('dd', { text: fmtDateTime(s.checkedAt) })));
    if (s.scopes?.length) {
      side.push(h('details', { open: s.scopes.some((r) => !r.granted) },
        h('summary', { text: `Scopes: ${s.scopes.filter((r) => r.granted).length} of ${s.scopes.length} needed are granted` }),
        h('table', { class: 'mini' }, h('tbody', {}, s.scopes.map((r) => h('tr', {},
          h('td', {}, h('code', { text: r.scope })),
          h('td', { class: r.granted ? 'ok' : r.required ? 'bad' : 'warn', text: r.granted ? 'granted' : 'missing' }),
          h('td', { class: 'muted', text: r.why })))))));
    }
    if (s.schema?.length) {
      side.push(h('details', { open: s.schema.some((r) => r.status !== 'ok') },
        h('summary', { text: 'Properties and event definitions the settings name' }),
        h('table', { class: 'mini' }, h('tbody', {}, s.schema.map((r) => h('tr', {},
          h('td', {}, h('code', { text: r.name ?? r.setting })), h('td', { class: r.status === 'ok' ? 'ok' : 'bad', text: r.status }),
          h('td', { class: 'muted', text: r.detail ?? r.setting })))))));
    }
    if (s.accessCheck && Object.keys(s.accessCheck).length) {
      side.push(h('details', {}, h('summary', { text: 'Start-up access check' }), tree(s.accessCheck)));
    }
    if (s.links?.privateApps) {
      side.push(h('p', { class: 'links' }, h('a', { href: s.links.privateApps, target: '_blank', rel: 'noopener noreferrer',
        text: 'Private apps in HubSpot (scopes are granted there)' })));
    }
    const problemsEl = parts.shift();
    replace(this.setupBody, problemsEl, h('div', { class: 'setup-grid' }, h('div', {}, parts), h('div', {}, side)));
  }

  async loadActivity() {
    const a = await api(`destinations/${encodeURIComponent(this.d.id)}/activity`);
    if (a.status !== 200) return;
    const x = a.json;
    this.renderBudget(x.budget, x.queue);
    this.renderChart(x.outcomes);
    this.renderRecent(x.recent, x.recentSeen);
    this.renderMisses(x.schemaMisses);
  }

  renderBudget(b, queue) {
    const parts = [];
    if (!b.live) {
      parts.push(h('p', { class: 'note', text: b.note }));
    } else {
      parts.push(meter('calls in the last 10 seconds', b.usedLast10s, b.limitPer10s, `${fmtNumber(b.availableNow)} can go now`));
      const daily = b.daily;
      if (daily?.ok) {
        parts.push(meter('calls today (HubSpot\'s count, all apps of the account)', daily.currentUsage, daily.usageLimit,
          `${fmtNumber(daily.left)} left · resets ${fmtDateTime(daily.resetsAt)}`));
      } else if (daily) {
        parts.push(h('p', { class: 'warn', text: `Daily usage unavailable: ${daily.error}` }));
      }
      if (b.pausedUntil) parts.push(h('p', { class: 'warn', text: `HubSpot asked to pause until ${fmtDateTime(b.pausedUntil)}` }));
      if (b.held) parts.push(h('p', { class: 'warn' }, 'Held: ', tree(b.held)));
    }
    if (queue && Object.keys(queue).length) {
      parts.push(h('p', { class: 'muted', text: Object.entries(queue).map(([k, v]) => `${k} ${fmtNumber(v)}`).join(' · ') }));
    }
    replace(this.budgetBody, parts);
  }

  renderChart(o) {
    const totals = OUTCOMES.filter((k) => o.totals[k] > 0);
    if (totals.length) {
      replace(this.totalsEl, 'Last hour: ', ...totals.map((k) => h('span', { class: 'chip' },
        h('i', { class: `swatch o-${k.toLowerCase().replaceAll('_', '-')}` }), `${k} ${fmtNumber(o.totals[k])}`)));
    } else {
      replace(this.totalsEl, 'No message in the last hour.');
    }
    if (!window.uPlot) {
      this.chartEl.textContent = 'The chart library did not load.';
      return;
    }
    // stacked bars: each outcome drawn as the running sum of it and those before it, the tallest first
    const sums = [];
    let acc = o.minutes.map(() => 0);
    for (const k of OUTCOMES) {
      acc = acc.map((v, i) => v + (o.series[k][i] ?? 0));
      sums.push(acc);
    }
    const order = OUTCOMES.map((k, i) => i).reverse();
    // an empty minute draws no bar at all
    const data = [o.minutes, ...order.map((i) => sums[i].map((v) => (v > 0 ? v : null)))];
    if (!this.chart) {
      const bars = window.uPlot.paths.bars({ size: [0.8, 40] });
      const width = Math.max(280, this.chartEl.clientWidth || 600);
      this.chart = new window.uPlot({
        width, height: 220,
        series: [{}, ...order.map((i) => ({ label: OUTCOMES[i], stroke: COLORS[OUTCOMES[i]], fill: COLORS[OUTCOMES[i]], paths: bars,
          points: { show: false } }))],
        axes: [{}, { label: 'messages per minute', size: 60 }],
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(4, max)] } },
        legend: { show: false },
        cursor: { show: false },
      }, data, this.chartEl);
      new ResizeObserver(() => {
        const w = this.chartEl.clientWidth;
        if (w > 0 && Math.abs(w - this.chart.width) > 4) this.chart.setSize({ width: w, height: 220 });
      }).observe(this.chartEl);
    } else {
      this.chart.setData(data);
    }
  }

  renderRecent(recent, seen) {
    this.recentNote.textContent = recent.length
      ? `The latest ${recent.length} of ${fmtNumber(seen)} messages answered since the server started (click a row for details).`
      : 'No message yet. Send one, or try the event tester above.';
    const rows = [];
    for (const e of recent) {
      const key = `${e.messageId}|${e.at}`;
      const what = [e.reason, e.warnings?.length ? e.warnings.map((w) => (w.property ? `${w.code} ${w.property}` : w.code)).join(', ') : null]
        .filter(Boolean).join(' · ') || (e.detail ?? '');
      const row = h('tr', { class: 'entry', tabindex: '0', 'aria-expanded': this.open.has(key) ? 'true' : 'false' },
        h('td', { text: fmtTime(e.at) }),
        h('td', {}, h('a', { href: `/console?messageId=${encodeURIComponent(e.messageId)}`, text: e.messageId,
          onclick: (ev) => { ev.preventDefault(); ev.stopPropagation(); showLookup(e.messageId); } })),
        h('td', { text: e.type }), h('td', {}, badge(e.outcome)), h('td', { class: 'what', text: what }),
        h('td', { text: `${e.requests?.length ?? 0} request(s)` }));
      const toggle = () => {
        if (this.open.has(key)) this.open.delete(key); else this.open.add(key);
        this.renderRecent(recent, seen);
      };
      row.addEventListener('click', toggle);
      row.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') toggle(); });
      rows.push(row);
      if (this.open.has(key)) rows.push(h('tr', { class: 'expanded' }, h('td', { colspan: '6' }, messageDetails(e))));
    }
    replace(this.recentBody, rows);
  }

  renderMisses(misses) {
    if (!misses?.length) {
      replace(this.missesBody, h('p', { class: 'muted', text: 'Nothing so far: every property and event the messages named exists.' }));
      return;
    }
    replace(this.missesBody, h('table', { class: 'mini' },
      h('thead', {}, h('tr', {}, ['reason', 'name', 'times', 'last'].map((t) => h('th', { text: t })))),
      h('tbody', {}, misses.map((m) => h('tr', { title: m.example ?? '' },
        h('td', {}, h('code', { text: m.reason })), h('td', { text: m.name || '–' }), h('td', { text: fmtNumber(m.count) }),
        h('td', { text: fmtTime(m.lastAt) }))))));
  }

  async loadDeadLetters() {
    const a = await api(`destinations/${encodeURIComponent(this.d.id)}/dead-letters`);
    if (a.status !== 200) {
      replace(this.deadBody, h('p', { class: 'error', text: errorText(a) }));
      return;
    }
    if (!a.json.available) {
      replace(this.deadBody, h('p', { class: 'muted', testid: 'dead-letters-unavailable' }, h('strong', { text: 'Not available. ' }), a.json.note));
      return;
    }
    const answer = a.json.answer;
    const list = Array.isArray(answer) ? answer : answer?.deadLetters ?? answer?.messages ?? answer?.results ?? null;
    const replay = h('button', { type: 'button', class: 'small', text: 'Replay all', onclick: async () => {
      if (!confirm(`Send every dead letter of ${this.d.id} to HubSpot again?`)) return;
      replay.disabled = true;
      const r = await api(`destinations/${encodeURIComponent(this.d.id)}/dead-letters/replay`, { method: 'POST' });
      replay.disabled = false;
      this.deadResult.replaceChildren(h('p', {}, `Replay: HTTP ${r.json?.status ?? r.status} `), tree(r.json?.answer));
      this.loadDeadLetters();
    } });
    this.deadResult = this.deadResult ?? h('div');
    replace(this.deadBody, list && list.length === 0 ? h('p', { class: 'ok', text: 'No dead letter.' }) : tree(list ?? answer),
      list?.length ? replay : null, this.deadResult);
  }

  async loadReports() {
    const a = await api(`destinations/${encodeURIComponent(this.d.id)}/reports`);
    if (a.status !== 200) return;
    const sections = a.json.sections ?? {};
    const names = [...new Set(['audiences', 'emailEvents', 'warehouse', ...Object.keys(sections)])];
    replace(this.reportsBody, h('div', { class: 'reports-grid' }, names.map((name) => h('div', { class: 'report' },
      h('h4', { text: REPORT_TITLES[name] ?? name }),
      sections[name] === undefined ? h('p', { class: 'muted', text: 'Not switched on for this destination.' }) : tree(sections[name])))));
  }
}

function meter(label, used, limit, note) {
  const pct = limit > 0 ? Math.min(100, Math.round((used / limit) * 100)) : 0;
  const bar = h('span', { class: `fill ${pct >= 90 ? 'high' : pct >= 60 ? 'mid' : ''}` });
  bar.style.width = `${pct}%`;
  return h('div', { class: 'meter' },
    h('p', {}, h('strong', { text: `${fmtNumber(used)} / ${fmtNumber(limit)}` }), ` ${label}`),
    h('span', { class: 'bar', role: 'meter', 'aria-valuenow': String(used), 'aria-valuemax': String(limit) }, bar),
    h('p', { class: 'muted', text: note }));
}

function showLookup(messageId) {
  const input = document.getElementById('message-search');
  input.value = messageId;
  document.getElementById('lookup').scrollIntoView({ behavior: 'smooth', block: 'start' });
  lookup(messageId);
}

// ------------------------------------------------------------------ start

async function start() {
  document.getElementById('lookup-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    lookup(document.getElementById('message-search').value);
  });
  document.getElementById('tester-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    runTester();
  });
  const overview = await api('overview');
  if (overview.status !== 200) {
    banner(errorText(overview));
    return;
  }
  const { server, destinations } = overview.json;
  document.getElementById('server-meta').textContent =
    `${destinations.length} destination(s) · ${server.deliveryMode} delivery · ${server.adminTokenSet ? 'admin token set' : 'this machine only (no ADMIN_TOKEN)'}`;
  const select = document.getElementById('tester-destination');
  select.replaceChildren(...destinations.map((d) => h('option', { value: d.id, text: `${d.id} (${d.mode})` })));
  const views = destinations.map((d) => new DestinationView(d));
  document.getElementById('destinations').replaceChildren(...views.map((v) => v.el));
  const asked = new URLSearchParams(location.search).get('messageId');
  if (asked) document.getElementById('message-search').value = asked;
  const fast = () => Promise.all(views.map((v) => v.loadActivity()));
  const slow = () => Promise.all(views.flatMap((v) => [v.loadReports(), v.loadDeadLetters()]));
  await Promise.all([asked ? lookup(asked) : null, fast(), slow(), ...views.map((v) => v.loadSetup())]);
  setInterval(() => { if (!document.hidden) fast(); }, POLL_MS);
  setInterval(() => { if (!document.hidden) slow(); }, SLOW_POLL_MS);
  document.body.dataset.ready = 'true';
}

start().catch((e) => banner(`The console could not start: ${e.message}`));
