// The console in Debian's Chromium, driven by playwright-core, against a real server that ConsoleBrowserTest started
// (with the HubSpot fake behind it):
//
//   CONSOLE_SECRETS='["...", ...]' node console-browser.mjs <server url> <admin token> <out dir> <known messageId> [docs png]
//
// Checks: the sign-in form refuses a wrong token with a clear message and lets the right one in; every section of
// every destination is there (setup check with the EU and scope findings, budget, outcome chart, latest messages,
// dead letters "not available", reports); the lookup by messageId (typed, and from /console?messageId=); the event
// tester; no uncaught page error; no secret in the DOM, in a cookie a script can read, in local storage, or in any
// response the page fetched. Screenshots go to <out dir> (and the README's to [docs png]). Only loopback resolves.
// Prints one JSON report as its last line; exits 0 only when every check passed.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [url, adminToken, outDir, knownMessageId, docsPng] = process.argv.slice(2);
const secrets = JSON.parse(process.env.CONSOLE_SECRETS ?? '[]');
const CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--force-color-profile=srgb',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

const report = { ok: false, checks: [], failures: [], pageErrors: [], consoleErrors: [], responses: 0, external: [], screenshots: [] };

function check(name, ok, detail) {
  report.checks.push({ name, ok: !!ok });
  if (!ok) report.failures.push(detail ? `${name}: ${detail}` : name);
}

function leaks(text) {
  return secrets.filter((s) => s && text.includes(s));
}

async function shot(page, name, options = {}) {
  const path = join(outDir, name);
  await page.screenshot({ path, ...options });
  report.screenshots.push(path);
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  if (!CHROMIUM) throw new Error('Chromium not found at /usr/lib/chromium/chromium or /usr/bin/chromium');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
    const responseChecks = [];
    context.on('response', (res) => {
      report.responses++;
      const u = new URL(res.url());
      if (!['127.0.0.1', 'localhost'].includes(u.hostname)) report.external.push(res.url());
      responseChecks.push((async () => {
        let body = '';
        try {
          body = await res.text();
        } catch {
          return; // a redirect has no body
        }
        const headers = JSON.stringify(await res.allHeaders());
        const found = leaks(body + headers);
        if (found.length) report.failures.push(`a secret in the response of ${res.url()}`);
      })());
    });
    context.on('requestfailed', (req) => {
      const u = new URL(req.url());
      if (!['127.0.0.1', 'localhost'].includes(u.hostname)) report.external.push(req.url());
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => report.pageErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') report.consoleErrors.push(m.text()); });

    // --- sign-in refused, then accepted
    const first = await page.goto(`${url}/console`);
    check('without a session /console is the sign-in form (401)', first.status() === 401 && await page.locator('#token').count() === 1);
    await page.fill('#token', 'certainly-not-the-admin-token');
    await page.click('[data-testid="sign-in"]');
    await page.waitForLoadState('load');
    const refusal = await page.locator('[data-testid="sign-in-message"]').innerText();
    check('a wrong token is refused with a clear message', /Sign-in refused/.test(refusal), refusal);
    await shot(page, 'sign-in-refused.png');
    await page.fill('#token', adminToken);
    await Promise.all([page.waitForURL(`${url}/console`), page.click('[data-testid="sign-in"]')]);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    check('the right token opens the console', await page.locator('[data-testid="message-search"]').count() === 1);

    // --- every section
    const destinations = await page.locator('[data-testid^="destination-"]').evaluateAll((els) => els.map((e) => e.dataset.testid));
    check('a section per destination', destinations.includes('destination-acme') && destinations.includes('destination-test'),
      JSON.stringify(destinations));
    for (const id of ['acme', 'test']) {
      const section = page.getByTestId(`destination-${id}`);
      check(`${id}: outcome chart drawn`, await section.getByTestId('outcome-chart').locator('canvas').count() >= 1);
      check(`${id}: latest messages table`, await section.getByTestId('recent-messages').count() === 1);
    }
    const acme = page.getByTestId('destination-acme');
    await acme.getByText('hosts this account in eu1').first().waitFor({ timeout: 15000 });
    const acmeText = await acme.innerText();
    check('acme: live', /\blive\b/.test(acmeText));
    check('acme: the EU mismatch is shown', acmeText.includes('hosts this account in eu1'));
    check('acme: the missing list scope is shown', acmeText.includes('crm.lists.write'));
    check('acme: the budget and daily usage', /calls in the last 10 seconds/.test(acmeText) && /calls today/.test(acmeText), acmeText);
    check('acme: dead letters not available', await acme.getByTestId('dead-letters-unavailable').count() === 1);
    check('acme: the email events report', acmeText.includes('Email events export'));
    const rows = acme.getByTestId('recent-messages').locator('tr.entry');
    check('acme: latest messages listed', await rows.count() >= 2, String(await rows.count()));
    await rows.first().click();
    await acme.locator('tr.expanded').first().waitFor();
    check('acme: a message opens with its HubSpot requests', /POST \/(crm|events)\//.test(await acme.locator('tr.expanded').first().innerText()));
    const test = page.getByTestId('destination-test');
    await test.getByText('no accessToken').first().waitFor({ timeout: 15000 });
    check('test: dry-run', /dry-run/.test(await test.innerText()));

    // --- lookup by messageId
    await page.fill('[data-testid="message-search"]', knownMessageId);
    await page.click('[data-testid="message-search-run"]');
    const result = page.getByTestId('message-result');
    await result.locator('.found').first().waitFor({ timeout: 10000 });
    const found = await result.innerText();
    check('the lookup finds the message with its outcome and destination', found.includes('acme') && /DELIVERED/.test(found), found);
    await page.fill('[data-testid="message-search"]', 'no-such-message-id');
    await page.click('[data-testid="message-search-run"]');
    await result.locator('.not-found').waitFor({ timeout: 10000 });
    check('an unknown messageId says so', /Not found/.test(await result.innerText()));

    // --- the event tester
    await page.selectOption('#tester-destination', 'acme');
    await page.fill('[data-testid="tester-input"]', JSON.stringify({
      batch: [
        { type: 'identify', userId: 'tester-1', messageId: 'tester-1', traits: { email: 'tester@example.com', plan: 'gold' } },
        { type: 'track', userId: 'tester-1', messageId: 'tester-2', event: 'Order Completed', properties: { revenue: 10 } },
      ],
    }, null, 2));
    await page.click('[data-testid="tester-run"]');
    const tested = page.getByTestId('tester-result');
    await tested.locator('.tested').nth(1).waitFor({ timeout: 10000 });
    const testedText = await tested.innerText();
    check('the tester shows what /v1/validate says, per message', /HTTP 200/.test(testedText)
      && testedText.includes('/crm/v3/objects/contacts/batch/upsert') && testedText.includes('PROPERTY_UNKNOWN'), testedText);
    await page.fill('[data-testid="tester-input"]', '{"userId": "no type"}');
    await page.click('[data-testid="tester-run"]');
    await tested.getByText('HTTP 400').waitFor({ timeout: 10000 });
    check('the tester names what is wrong with a message', /MISSING_TYPE/.test(await tested.innerText()));

    // --- the README's screenshot: the lookup and the tester with results, the first destination below
    await page.fill('[data-testid="tester-input"]', JSON.stringify({
      type: 'identify', userId: 'u-42', messageId: 'tester-3', traits: { email: 'jane.doe@example.com', firstName: 'Jane', plan: 'pro' },
    }, null, 2));
    await page.click('[data-testid="tester-run"]');
    await tested.getByText('HTTP 200').waitFor({ timeout: 10000 });
    await page.fill('[data-testid="message-search"]', knownMessageId);
    await page.click('[data-testid="message-search-run"]');
    await result.locator('.found').first().waitFor({ timeout: 10000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'console.png', { fullPage: true });
    if (docsPng) {
      await page.setViewportSize({ width: 1400, height: 2250 });
      await page.screenshot({ path: docsPng });
      report.screenshots.push(docsPng);
    }

    // --- /console?messageId=ID opens with the message looked up
    const second = await context.newPage();
    second.on('pageerror', (e) => report.pageErrors.push(String(e)));
    await second.goto(`${url}/console?messageId=${encodeURIComponent(knownMessageId)}`);
    await second.getByTestId('message-result').locator('.found').first().waitFor({ timeout: 15000 });
    check('/console?messageId= opens with it looked up', (await second.getByTestId('message-search').inputValue()) === knownMessageId
      && (await second.getByTestId('message-result').innerText()).includes('acme'));
    await shot(second, 'console-message-lookup.png');

    // --- no secret reaches the page
    const dom = await page.evaluate(() => document.documentElement.outerHTML
      + [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\n'));
    check('no secret in the DOM', leaks(dom).length === 0);
    check('no cookie a script can read', (await page.evaluate(() => document.cookie)) === '');
    check('nothing in local or session storage', (await page.evaluate(() => localStorage.length + sessionStorage.length)) === 0);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'hsdest_console');
    check('the session cookie is HttpOnly, SameSite=Strict, for /console only, and not the token',
      session && session.httpOnly && session.sameSite === 'Strict' && session.path === '/console' && !leaks(session.value).length,
      JSON.stringify(cookies.map((c) => ({ ...c, value: '(hidden)' }))));
    await Promise.all(responseChecks);
    check('no uncaught page error', report.pageErrors.length === 0, report.pageErrors.join(' | '));
    check('nothing but this server was asked', report.external.length === 0, report.external.join(', '));
  } finally {
    await browser.close();
  }
  report.ok = report.failures.length === 0;
}

main().catch((e) => {
  report.failures.push(`the run broke: ${e && e.stack ? e.stack : e}`);
}).finally(() => {
  console.log(JSON.stringify(report));
  process.exit(report.ok ? 0 : 1);
});
