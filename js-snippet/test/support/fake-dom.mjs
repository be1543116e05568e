// A minimal window/document for node unit tests: enough for the snippet's loader (createElement,
// appendChild, getElementById, querySelectorAll('script[src]')), cookies and location.
// `install()` puts fresh globals in place; `hubspotLoads()` plays HubSpot's script replacing _hsq.push.

class FakeScript {
  constructor() {
    this.tagName = 'SCRIPT';
    this.listeners = {};
    this.attributes = {};
  }
  setAttribute(k, v) {
    this.attributes[k] = String(v);
    if (k === 'id') this.id = String(v);
    if (k === 'src') this.src = String(v);
  }
  addEventListener(type, fn) {
    (this.listeners[type] = this.listeners[type] || []).push(fn);
  }
  fire(type) {
    (this.listeners[type] || []).forEach((fn) => fn({ type }));
  }
}

export function install({ hostname = 'www.example.org', pathname = '/', preexisting = [] } = {}) {
  const appended = [];
  const all = [...preexisting.map((attrs) => Object.assign(new FakeScript(), attrs))];
  const cookies = new Map();
  const head = {
    appendChild(el) {
      appended.push(el);
      all.push(el);
      return el;
    },
  };
  const document = {
    head,
    documentElement: head,
    createElement: (tag) => {
      if (tag !== 'script') throw new Error('unexpected element ' + tag);
      return new FakeScript();
    },
    getElementById: (id) => all.find((el) => el.id === id) || null,
    querySelectorAll: (sel) => {
      if (sel !== 'script[src]') throw new Error('unexpected selector ' + sel);
      return all.filter((el) => el.src);
    },
    get cookie() {
      return [...cookies].map(([k, v]) => k + '=' + v).join('; ');
    },
    set cookie(text) {
      const [pair, ...attrs] = text.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (attrs.some((a) => /^\s*(expires=.*1970|max-age=0$)/i.test(a))) cookies.delete(name.trim());
      else cookies.set(name.trim(), value);
    },
  };
  const logs = [];
  const win = { location: { hostname, pathname }, document };
  globalThis.window = win;
  globalThis.document = document;
  return { window: win, document, appended, logs };
}

/** What HubSpot's tracking code does on load: drain the queue, then take over push. */
export function hubspotLoads(win = globalThis.window) {
  const queued = (win._hsq || []).slice();
  const pushes = [];
  win._hsq = win._hsq || [];
  win._hsq.push = (...cmds) => {
    pushes.push(...cmds);
    return 1;
  };
  return { queued, pushes };
}

/** Captures console output of one level during fn (sync or async). */
export async function captureConsole(level, fn) {
  const original = console[level];
  const lines = [];
  console[level] = (...args) => lines.push(args.join(' '));
  try {
    await fn();
  } finally {
    console[level] = original;
  }
  return lines;
}
