// Shared by the client scripts: arguments, the messages every client sends, and the one-line JSON report
// the JUnit tests read (the last line on stdout).
//
//   node <script> <server base url> <writeKey> [tag]
//
// `tag` makes the identifiers unique per test run (user u-<tag>, jane.<tag>@example.com, group g-<tag>).

export function parseArgs(argv = process.argv.slice(2)) {
  const [url, writeKey, tag = String(Date.now())] = argv.filter((a) => !a.startsWith('--'));
  if (!url || !writeKey) {
    console.error('usage: node <script> <server base url> <writeKey> [tag] [--flags]');
    process.exit(2);
  }
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  return { url: url.replace(/\/+$/, ''), writeKey, tag, flags };
}

/** What each client sends: identify, track, page, group, all for the same user. */
export function messages(tag) {
  const userId = `u-${tag}`;
  const email = `jane.${tag}@example.com`;
  return {
    userId,
    email,
    identify: {
      userId,
      traits: { email, firstName: 'Jane', lastName: 'Doe', company: 'Acme', phone: '+1 555 0100' },
    },
    track: {
      userId,
      event: 'Order Completed',
      properties: { revenue: 42.5, currency: 'USD', orderId: `o-${tag}` },
    },
    page: {
      userId,
      name: 'Pricing',
      category: 'Docs',
      properties: { url: `https://shop.example/pricing?run=${tag}`, title: 'Pricing' },
    },
    group: {
      userId,
      groupId: `g-${tag}`,
      traits: { name: `Acme ${tag}`, domain: `acme-${tag}.example`, employees: 100 },
    },
  };
}

/** Prints the report as the last stdout line and exits 0 only if `ok`. */
export function finish(report) {
  process.stdout.write(JSON.stringify(report) + '\n');
  process.exit(report.ok ? 0 : 1);
}

export function parseBody(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
