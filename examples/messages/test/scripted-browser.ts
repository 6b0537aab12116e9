/**
 * The browser step of an OAuth authorization-code flow, scripted: follows redirects with
 * fetch, keeps the authorization server's cookies, fills in oidc-provider's login form
 * (any login and password) and approves its consent form, until a redirect leaves the
 * authorization server: that is the client's loopback callback, with the code.
 *
 * As a program it is a `BROWSER` for mcp-remote: `node scripted-browser.ts <url>` signs in
 * as `$SCRIPTED_BROWSER_LOGIN` and then opens the callback, as a browser would.
 */

/** Signs in as `login` at `authorizationUrl` and answers the callback URL the server redirected to. */
export async function authorizeInBrowser(authorizationUrl: string | URL, login: string): Promise<URL> {
  const origin = new URL(authorizationUrl).origin;
  const cookies = new Map<string, string>();
  let request: { url: URL; init: RequestInit } = { url: new URL(authorizationUrl), init: { method: 'GET' } };
  // A sign-in is a handful of pages; more means a loop.
  for (let step = 0; step < 20; step++) {
    const response = await fetch(request.url, {
      ...request.init,
      redirect: 'manual',
      headers: { ...(request.init.headers as Record<string, string>), cookie: cookieHeader(cookies) },
      // Never hang a test: a browser that gets no answer gives up.
      signal: AbortSignal.timeout(30_000),
    });
    keepCookies(cookies, response.headers.getSetCookie());
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, request.url);
      if (next.origin !== origin) return next;
      request = { url: next, init: { method: 'GET' } };
      continue;
    }
    const page = await response.text();
    if (response.status !== 200)
      throw new Error(`${request.url} answered ${response.status}: ${page.slice(0, 500)}`);
    request = submitForm(page, request.url, login);
  }
  throw new Error(`no redirect to the client after 20 pages from ${authorizationUrl}`);
}

/** The page's first form, filled in: hidden fields as they are, the login form's login and password. */
function submitForm(page: string, pageUrl: URL, login: string): { url: URL; init: RequestInit } {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(page);
  if (!form) throw new Error(`no form on ${pageUrl}: ${page.slice(0, 500)}`);
  const action = attribute(form[1] ?? '', 'action') ?? pageUrl.href;
  const fields = new URLSearchParams();
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const name = attribute(input[1] ?? '', 'name');
    if (name === undefined) continue;
    const type = attribute(input[1] ?? '', 'type') ?? 'text';
    if (type === 'hidden') fields.set(name, attribute(input[1] ?? '', 'value') ?? '');
    else if (name === 'login') fields.set(name, login);
    else if (type === 'password') fields.set(name, 'any password');
  }
  return {
    url: new URL(action, pageUrl),
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    },
  };
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag);
  return match?.[1]
    ?.replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x2F;/gi, '/');
}

function keepCookies(cookies: Map<string, string>, setCookies: readonly string[]): void {
  for (const line of setCookies) {
    const [pair = '', ...attributes] = line.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
    if (expired) cookies.delete(name);
    else cookies.set(name, pair.slice(at + 1).trim());
  }
}

function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}

if (import.meta.main) {
  const [url] = process.argv.slice(2);
  if (!url) throw new Error('usage: scripted-browser.ts <authorization URL>');
  const callback = await authorizeInBrowser(url, process.env.SCRIPTED_BROWSER_LOGIN ?? 'user');
  // Deliver the code to the waiting client, as a browser following the last redirect does.
  // mcp-remote opens the browser before its callback server listens: a person takes seconds
  // to sign in, this script milliseconds, so a refused connection is retried for a while.
  const answer = await fetchWhenListening(callback, 10_000);
  await answer.arrayBuffer();
  if (!answer.ok) throw new Error(`the client's callback answered ${answer.status}`);
}

/** `fetch(url)`, retried while the connection is refused (nothing listens yet), up to `waitMs`. */
async function fetchWhenListening(url: URL, waitMs: number): Promise<Response> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
      if (!refused || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
