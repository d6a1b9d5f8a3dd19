// The edge's defences, seen from outside through real nginx (nginx.conf, started by
// deploy/entrypoint.sh) in the `nginx-root` and `nginx-subpath` projects; not run by the
// `devserver` project. The devserver answers /content/ /uploads/ /sandbox/ with the headers the
// Go backend sends (inline script allowed, X-Frame-Options SAMEORIGIN or ALLOWALL), so what is
// checked here is what nginx makes of them:
//   - chain content opened directly is a sandboxed document: opaque origin, no cookie, no storage;
//     framed by the app it still renders
//   - nginx names no version
//   - limits: a 3 MB wish passes, an 11 MB body is 413; a burst on /api/auth/ or /api/search gets
//     429 with Retry-After in the backend's error shape while the app and the rest of the API
//     answer; X-Forwarded-For from an untrusted peer changes nothing; RATE_LIMIT_EXEMPT lifts it
// The limit tests start their own devserver and nginx (named "(own nginx)"): a burst must not
// spend the allowance of the nginx the other specs share.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { KEYS, newDbCopy, startDevserver, tipHeight } from './helpers';
import { startNginx, type Nginx } from './nginx';

/** BASE_PATH of this project's nginx ("/" or "/explorer/"), from the baseURL. */
function basePath(baseURL: string | undefined): string {
  expect(baseURL, 'baseURL of the nginx project (set by global-setup.ts)').toBeTruthy();
  return new URL(baseURL!).pathname;
}

interface Inscription {
  id: string;
  height: number;
  url: string;
  contentType: string;
  body: string;
}

/** The inscriptions of the newest blocks (they carry the hostile corpus) with their bodies. */
async function newestInscriptions(request: APIRequestContext, blocks = 20): Promise<Inscription[]> {
  const tip = await tipHeight(request);
  const out: Inscription[] = [];
  for (let h = tip; h > tip - blocks; h--) {
    const page = await request.get(`/api/data/block-inscriptions/${h}?limit=50`);
    expect(page.status()).toBe(200);
    for (const ins of (await page.json()).inscriptions ?? []) {
      if (!/^(text\/html|image\/svg\+xml)/.test(ins.content_type)) continue;
      const body = await (await request.get(ins.image_url)).text();
      out.push({ id: ins.id, height: h, url: ins.image_url, contentType: ins.content_type, body });
    }
  }
  return out;
}

/** The CSP directives of one header value, by name. */
function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k, v]),
  );
}

/** Runs in the page: what a document can reach of the explorer's origin. */
async function reach(page: Page) {
  return page.evaluate(() => {
    const attempt = (f: () => unknown) => {
      try {
        return `read: ${String(f())}`;
      } catch (e) {
        return `threw ${(e as Error).name}`;
      }
    };
    return {
      origin: self.origin,
      cookie: attempt(() => document.cookie),
      storage: attempt(() => localStorage.getItem('x')),
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    };
  });
}

test.describe('chain content cannot act as the site', () => {
  test('an HTML or SVG inscription opened directly runs sandboxed: opaque origin, no cookie, no storage', async ({
    page,
    request,
    baseURL,
    context,
  }) => {
    const all = await newestInscriptions(request);
    // scripts run (an event handler sets window.__pwned), but not as the explorer
    const html = all.find((i) => i.contentType.startsWith('text/html') && i.body.includes('onerror="window.__pwned=1'));
    const svg = all.find((i) => i.contentType.startsWith('image/svg') && i.body.includes('<script>window.__pwned=1'));
    expect(html, 'the hostile HTML inscription (event handler)').toBeTruthy();
    expect(svg, 'the hostile SVG inscription (script element)').toBeTruthy();
    // a cookie of the explorer's origin that scripts could read, were they on that origin
    const origin = new URL(baseURL!).origin;
    await context.addCookies([{ name: 'session', value: 'secret-of-the-explorer', url: origin, sameSite: 'Lax' }]);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss().catch(() => {});
    });

    for (const ins of [html!, svg!]) {
      const response = await page.goto(ins.url);
      expect(response?.status(), ins.url).toBe(200);
      const headers = await response!.headersArray();
      const policies = headers.filter((h) => h.name.toLowerCase() === 'content-security-policy').map((h) => h.value);
      // the backend's CSP (inline script on the explorer's origin) is gone, the sandbox leads
      expect(policies.some((p) => p.startsWith('sandbox allow-scripts;')), policies.join(' | ')).toBe(true);
      for (const p of policies) {
        expect(p, 'no allow-same-origin').not.toContain('allow-same-origin');
        expect(p).not.toContain('script-src');
      }
      const main = directives(policies.find((p) => p.startsWith('sandbox'))!);
      expect(main['frame-ancestors']).toEqual(["'self'"]);
      expect(main['default-src']).toEqual(["'self'", "'unsafe-eval'", "'unsafe-inline'", 'data:', 'blob:']);
      expect(headers.find((h) => h.name.toLowerCase() === 'x-frame-options'), 'the backend X-Frame-Options is dropped').toBeUndefined();

      await expect.poll(async () => (await reach(page)).pwned, { message: `${ins.url}: its script ran` }).toBe(1);
      expect(await reach(page)).toEqual({
        origin: 'null',
        cookie: 'threw SecurityError',
        storage: 'threw SecurityError',
        pwned: 1,
      });
    }
    // alert() needs allow-modals: none was shown
    expect(dialogs).toEqual([]);
    // the cookie is still there for the app
    expect((await context.cookies(origin)).map((c) => c.name)).toContain('session');
  });

  test('/uploads/ and /sandbox/ are sandboxed too, and frameable only by the app', async ({ request }) => {
    for (const path of ['/uploads/nonexistent', '/sandbox/app/index.html']) {
      const res = await request.get(path);
      const policies = res
        .headersArray()
        .filter((h) => h.name.toLowerCase() === 'content-security-policy')
        .map((h) => h.value);
      expect(policies.length, path).toBeGreaterThan(0);
      expect(policies[0], path).toMatch(/^sandbox allow-scripts;/);
      expect(directives(policies[0])['frame-ancestors'], path).toEqual(["'self'"]);
      expect(policies.join(' '), path).not.toContain('allow-same-origin');
      // the devserver sends SAMEORIGIN and, for /sandbox/, ALLOWALL: both dropped
      expect(res.headers()['x-frame-options'], path).toBeUndefined();
    }
  });

  test('framed by the app, an HTML inscription still renders (sandboxed, opaque origin)', async ({ page, request, baseURL }) => {
    const all = await newestInscriptions(request, 40);
    const ordinary = all.find((i) => i.contentType.startsWith('text/html') && /<h1>[^<]+<\/h1>/.test(i.body));
    expect(ordinary, 'an ordinary HTML inscription among the newest blocks').toBeTruthy();
    const heading = /<h1>([^<]+)<\/h1>/.exec(ordinary!.body)![1];

    await page.goto(`${basePath(baseURL)}block/${ordinary!.height}`);
    const card = page.locator(`[data-inscription-id="${ordinary!.id}"]`);
    await card.scrollIntoViewIfNeeded({ timeout: 30_000 });
    const iframe = card.locator('iframe');
    await expect(iframe).toHaveAttribute('sandbox', 'allow-scripts');
    const frame = await (await iframe.elementHandle())!.contentFrame();
    expect(frame, 'the card frame').toBeTruthy();
    // framing allowed by frame-ancestors 'self': the document itself, not the browser's error page
    await expect
      .poll(async () => frame!.evaluate(() => document.querySelector('h1')?.textContent ?? '').catch(() => ''), {
        message: 'the framed inscription shows its heading',
      })
      .toBe(heading);
    expect(frame!.url()).toContain('/content/');
    expect(await frame!.evaluate(() => self.origin)).toBe('null');
  });
});

test('nginx names no version (server_tokens off)', async ({ request, baseURL }) => {
  const base = basePath(baseURL);
  for (const path of [base, `${base}missing-0123456789abcdef.css`, '/api/data/block-summaries?limit=1']) {
    const res = await request.get(path);
    expect(res.headers()['server'], path).toBe('nginx');
    expect(await res.text(), path).not.toMatch(/nginx\/\d/);
  }
});

test.describe('limits at the edge (own nginx)', () => {
  let api: Awaited<ReturnType<typeof startDevserver>>;
  let nginx: Nginx;
  let exempt: Nginx;

  test.beforeAll(async ({}, testInfo) => {
    const base = basePath(testInfo.project.use.baseURL);
    api = await startDevserver({ db: newDbCopy('limits'), dist: null, name: 'limits-api' });
    nginx = await startNginx({ basePath: base, backendUrl: api.url, name: 'limits' });
    exempt = await startNginx({
      basePath: base,
      backendUrl: api.url,
      name: 'limits-exempt',
      extraEnv: { RATE_LIMIT_EXEMPT: '127.0.0.1' },
    });
  });
  test.afterAll(async () => {
    await exempt?.stop();
    await nginx?.stop();
    await api?.stop();
  });

  /** A real PNG of `side`² noisy pixels (Chromium's encoder; noise does not compress), base64. */
  async function noisePng(page: Page, side: number): Promise<string> {
    return page.evaluate((n) => {
      const canvas = document.createElement('canvas');
      canvas.width = n;
      canvas.height = n;
      const ctx = canvas.getContext('2d')!;
      const img = ctx.createImageData(n, n);
      let x = 2463534242;
      for (let i = 0; i < img.data.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        img.data[i] = (i & 3) === 3 ? 255 : x & 255;
      }
      ctx.putImageData(img, 0, 0);
      return canvas.toDataURL('image/png').split(',')[1];
    }, side);
  }

  test('a 3 MB wish passes nginx and the backend; an 11 MB body is 413 in the backend shape', async ({ page, playwright }) => {
    const request = await playwright.request.newContext({ baseURL: nginx.origin });
    const image = await noisePng(page, 870);
    const wish = JSON.stringify({
      message: 'A wish with a large photo',
      price: '0.0001',
      price_unit: 'btc',
      address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      method: 'alpha',
      filename: 'noise.png',
      image_base64: image,
    });
    expect(wish.length, 'the wish body is over 3 MB').toBeGreaterThan(3_000_000);
    expect(wish.length).toBeLessThan(4_000_000);
    const sent = await request.post('/api/inscribe', {
      headers: { 'Content-Type': 'application/json', 'X-API-Key': KEYS.dev },
      data: wish,
    });
    expect(sent.status(), await sent.text()).toBe(200);
    expect((await sent.json()).data.id).toMatch(/^[0-9a-f]{64}$/);

    const huge = await request.post('/api/inscribe', {
      headers: { 'Content-Type': 'application/json', 'X-API-Key': KEYS.dev },
      data: Buffer.alloc(11 * 1024 * 1024, 0x61),
    });
    expect(huge.status()).toBe(413);
    expect(huge.headers()['content-type']).toContain('application/json');
    expect(await huge.json()).toEqual({
      success: false,
      error: { error: 'request_too_large', message: 'Request body larger than 10 MB', code: 413 },
    });
    await request.dispose();
  });

  test('a burst on /api/auth/challenge from one address sees 429 with Retry-After while / stays 200', async ({ playwright }) => {
    const burst = async (origin: string, path: string, n: number, post: boolean) => {
      const request = await playwright.request.newContext({ baseURL: origin });
      const answers = [];
      for (let i = 0; i < n; i++) {
        // a forged X-Forwarded-For per request: ignored, the peer is not a trusted proxy
        const headers = { 'X-Forwarded-For': `198.51.100.${i % 250}`, Origin: 'http://app.example' };
        const res = post
          ? await request.post(path, { headers, data: { wallet_address: `bc1qburst${i}` } })
          : await request.get(path, { headers });
        answers.push({ status: res.status(), retryAfter: res.headers()['retry-after'], res });
      }
      return { request, answers };
    };

    const { request, answers } = await burst(nginx.origin, '/api/auth/challenge', 40, true);
    const statuses = answers.map((a) => a.status);
    // burst 20 at 30 requests a minute: the first 21 pass, the rest are refused
    expect(statuses.slice(0, 20), statuses.join(',')).toEqual(Array(20).fill(200));
    expect(statuses.filter((s) => s === 429).length, statuses.join(',')).toBeGreaterThanOrEqual(15);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.retryAfter).toBe('2');
    expect(refused.res.headers()['content-type']).toContain('application/json');
    expect(refused.res.headers()['access-control-allow-origin']).toBe('http://app.example');
    expect(refused.res.headers()['access-control-expose-headers']).toContain('Retry-After');
    expect(await refused.res.json()).toEqual({
      success: false,
      error: { error: 'rate_limit_exceeded', message: 'Too many requests', code: 429 },
    });

    // the app and the rest of the API still answer this address
    const base = nginx.appUrl.slice(nginx.origin.length);
    expect((await request.get(base)).status()).toBe(200);
    expect((await request.get('/api/data/block-summaries?limit=5')).status()).toBe(200);
    expect((await request.get('/bitcoin/v1/health')).status()).toBe(200);

    // search has its own, tighter zone (burst 20 at 5 a second)
    const search = await burst(nginx.origin, '/api/search?q=wish', 60, false);
    expect(search.answers.filter((a) => a.status === 429).length).toBeGreaterThan(0);
    expect(search.answers.find((a) => a.status === 429)!.retryAfter).toBe('1');
    expect((await request.get('/api/data/block-summaries?limit=5')).status()).toBe(200);

    // RATE_LIMIT_EXEMPT=127.0.0.1 (how scripts/load-check.sh runs): no refusal
    const free = await burst(exempt.origin, '/api/auth/challenge', 40, true);
    expect(free.answers.map((a) => a.status)).toEqual(Array(40).fill(200));
    for (const r of [request, search.request, free.request]) await r.dispose();
  });
});
