// The deployment (nginx.conf, started by deploy/entrypoint.sh) seen from outside, in the
// `nginx-root` (BASE_PATH "/") and `nginx-subpath` (BASE_PATH "/explorer/") projects: probes,
// runtime config, cache and security headers, precompressed wasm (br and gzip), SPA fallback vs missing assets,
// deep links, the backend proxy, and the CSP guard itself. Not run by the `devserver` project.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from './fixtures';
import { DIST_DIR, alerts, expectTipShown, rail, tipHeight } from './helpers';
import { E2E_BUILD } from './nginx';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** BASE_PATH of this project's nginx ("/" or "/explorer/"), from the baseURL. */
function basePath(baseURL: string | undefined): string {
  expect(baseURL, 'baseURL of the nginx project (set by global-setup.ts)').toBeTruthy();
  return new URL(baseURL!).pathname;
}

/** The web root this project's nginx serves (its copy of dist/, made at start). */
function servedDir(baseURL: string | undefined): string {
  const dir = basePath(baseURL) === '/' ? process.env.E2E_NGINX_ROOT_WWW : process.env.E2E_NGINX_SUB_WWW;
  expect(dir, 'E2E_NGINX_*_WWW (set by global-setup.ts)').toBeTruthy();
  return dir!;
}

let currentDir = DIST_DIR;
function distFile(re: RegExp): string {
  const name = fs.readdirSync(currentDir).find((f) => re.test(f));
  expect(name, `a file matching ${re} in ${currentDir}`).toBeTruthy();
  return name!;
}

test.beforeEach(({ baseURL }) => {
  currentDir = servedDir(baseURL);
});

test.describe('deployment through nginx', () => {
  test('/health and /version answer JSON, under BASE_PATH and at the root', async ({ request, baseURL }) => {
    const base = basePath(baseURL);
    for (const prefix of new Set([base, '/'])) {
      const health = await request.get(`${prefix}health`);
      expect(health.status()).toBe(200);
      expect(health.headers()['content-type']).toContain('application/json');
      const h = await health.json();
      expect(h.status).toBe('ok');
      expect(Number.isNaN(Date.parse(h.timestamp)), `timestamp ${h.timestamp}`).toBe(false);
      expect(h.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);

      const version = await request.get(`${prefix}version`);
      expect(version.status()).toBe(200);
      expect(version.headers()['content-type']).toContain('application/json');
      expect(await version.json()).toEqual({
        service: 'stargate-explorer',
        version: E2E_BUILD.VERSION,
        git_sha: E2E_BUILD.GIT_SHA,
        build_time: E2E_BUILD.BUILD_TIME,
      });
    }
  });

  test('config.json and <base href> follow BASE_PATH', async ({ request, baseURL }) => {
    const base = basePath(baseURL);
    const config = await request.get(`${base}config.json`);
    expect(config.status()).toBe(200);
    expect(config.headers()['cache-control']).toBe('no-cache');
    expect(await config.json()).toEqual({ api_base: '', base_path: base.replace(/\/$/, '') });

    const index = await request.get(base);
    expect(index.status()).toBe(200);
    expect(await index.text()).toContain(`<base href="${base}"`);
  });

  test('cache headers: no-cache for index.html, immutable for hashed assets', async ({ request, baseURL }) => {
    const base = basePath(baseURL);
    for (const p of [base, `${base}index.html`, `${base}block/5`]) {
      const res = await request.get(p);
      expect(res.status(), p).toBe(200);
      expect(res.headers()['cache-control'], p).toBe('no-cache');
    }
    const wasm = distFile(/_bg\.wasm$/);
    for (const f of [wasm, distFile(/^boot-[0-9a-f]+\.js$/), distFile(/\.css$/)]) {
      const res = await request.get(`${base}${f}`);
      expect(res.status(), f).toBe(200);
      expect(res.headers()['cache-control'], f).toBe(IMMUTABLE);
    }
    const res = await request.get(`${base}${wasm}`);
    expect(res.headers()['content-type']).toBe('application/wasm');
  });

  test('the wasm is served precompressed (gzip_static) when gzip is accepted', async ({ request, baseURL }) => {
    const base = basePath(baseURL);
    const wasm = distFile(/_bg\.wasm$/);
    const gzSize = fs.statSync(path.join(currentDir, `${wasm}.gz`)).size;
    const gz = await request.get(`${base}${wasm}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.status()).toBe(200);
    expect(gz.headers()['content-encoding']).toBe('gzip');
    expect(gz.headers()['content-type']).toBe('application/wasm');
    expect(gz.headers()['vary']).toContain('Accept-Encoding');
    // the build's .gz file itself (on-the-fly gzip would be chunked, without this length)
    expect(Number(gz.headers()['content-length'])).toBe(gzSize);
    // decoded by the client: the original bytes
    expect((await gz.body()).length).toBe(fs.statSync(path.join(currentDir, wasm)).size);

    const plain = await request.get(`${base}${wasm}`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers()['content-encoding']).toBeUndefined();
  });

  test('the .br twins are served (brotli_static) when br is accepted, gzip when it is not', async ({ request, baseURL }) => {
    const base = basePath(baseURL);
    for (const file of [distFile(/_bg\.wasm$/), distFile(/^boot-[0-9a-f]+\.js$/), distFile(/\.css$/)]) {
      const raw = fs.statSync(path.join(currentDir, file)).size;
      const brSize = fs.statSync(path.join(currentDir, `${file}.br`)).size;
      const gzSize = fs.statSync(path.join(currentDir, `${file}.gz`)).size;
      expect(brSize, `${file}.br smaller than ${file}.gz`).toBeLessThan(gzSize);

      // what a browser sends: br preferred
      const br = await request.get(`${base}${file}`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
      expect(br.status(), file).toBe(200);
      expect(br.headers()['content-encoding'], file).toBe('br');
      expect(br.headers()['vary'], file).toContain('Accept-Encoding');
      expect(br.headers()['cache-control'], file).toBe(IMMUTABLE);
      expect(Number(br.headers()['content-length']), `${file}: the build's .br file`).toBe(brSize);
      expect((await br.body()).length, `${file} decoded`).toBe(raw);

      // no br: the .gz twin, as before
      const gz = await request.get(`${base}${file}`, { headers: { 'Accept-Encoding': 'gzip, deflate' } });
      expect(gz.headers()['content-encoding'], file).toBe('gzip');
      expect(Number(gz.headers()['content-length']), `${file}: the build's .gz file`).toBe(gzSize);
    }
  });

  test('index.html and the proxied JSON are compressed on the fly: brotli when accepted, else gzip', async ({ request, baseURL }) => {
    const base = basePath(baseURL);
    const answers = [];
    for (const url of [base, '/api/data/block-summaries?limit=20']) {
      const br = await request.get(url, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
      expect(br.status(), url).toBe(200);
      expect(br.headers()['content-encoding'], url).toBe('br');
      expect(br.headers()['vary'], url).toContain('Accept-Encoding');
      const gz = await request.get(url, { headers: { 'Accept-Encoding': 'gzip, deflate' } });
      expect(gz.headers()['content-encoding'], url).toBe('gzip');
      answers.push([await br.text(), await gz.text()]);
    }
    // decoded by the client: the page either way, and the API's JSON
    const [[pageBr, pageGz], [summariesBr]] = answers;
    expect(pageBr).toBe(pageGz);
    expect(pageBr).toContain('<div id="boot"');
    expect(Array.isArray(JSON.parse(summariesBr).blocks)).toBe(true);
  });

  test('security headers and a CSP without inline script', async ({ request, baseURL }) => {
    const h = (await request.get(basePath(baseURL))).headers();
    const csp = h['content-security-policy'];
    expect(csp).toBeTruthy();
    const directives = Object.fromEntries(
      csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]),
    );
    expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain("'unsafe-eval'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['permissions-policy']).toContain('camera=()');
    // HSTS is opt-in (HSTS variable), off by default
    expect(h['strict-transport-security']).toBeUndefined();
    // the code, styles and data a page loads keep nosniff, without the headers only a document uses
    const base = basePath(baseURL);
    for (const file of [distFile(/_bg\.wasm$/), distFile(/^boot-[0-9a-f]+\.js$/), distFile(/\.css$/), 'config.json']) {
      const res = await request.get(`${base}${file}`);
      expect(res.status(), file).toBe(200);
      const fh = res.headers();
      expect(fh['x-content-type-options'], file).toBe('nosniff');
      expect(fh['referrer-policy'], file).toBe('no-referrer');
      for (const documentOnly of ['content-security-policy', 'x-frame-options', 'permissions-policy', 'cross-origin-opener-policy']) {
        expect(fh[documentOnly], `${file}: ${documentOnly}`).toBeUndefined();
      }
    }
  });

  test('a missing hashed asset is a 404, not index.html', async ({ request, baseURL }) => {
    const base = basePath(baseURL);
    for (const f of ['stargate-explorer-0123456789abcdef_bg.wasm', 'boot-0123456789abcdef.js', 'nope.css']) {
      const res = await request.get(`${base}${f}`);
      expect(res.status(), f).toBe(404);
      expect(res.headers()['cache-control'], `${f}: a 404 is not cached`).toBeUndefined();
    }
  });

  test('the backend paths are proxied (at the root of the host)', async ({ request }) => {
    const tip = await tipHeight(request);
    const summaries = await request.get('/api/data/block-summaries');
    expect(summaries.status()).toBe(200);
    expect(summaries.headers()['content-type']).toContain('application/json');
    // the devserver's answers (not nginx's own 404 page) for the other prefixes
    for (const p of ['/content/nonexistent', '/uploads/nonexistent.png', '/sandbox/nonexistent']) {
      const res = await request.get(p);
      expect(await res.text(), p).not.toContain('<center>nginx</center>');
    }
    expect(tip).toBeGreaterThan(0);
  });

  test("the backend's pages for agent builders: proxied, sandboxed, linked from the app's footer", async ({ page, request, baseURL }) => {
    const docs = await request.get('/mcp/docs');
    expect(docs.status()).toBe(200);
    expect(docs.headers()['content-type']).toContain('text/html');
    expect(await docs.text()).toContain('Stargate MCP');
    // the backend's HTML, not the app's: an opaque origin, whatever the backend sends
    expect(docs.headers()['content-security-policy']).toMatch(/^sandbox allow-scripts;/);
    for (const p of ['/mcp/SKILL.md', '/mcp/starlight_sdk.sh']) {
      expect((await request.get(p)).status(), p).toBe(200);
    }
    await page.goto(basePath(baseURL));
    const link = page.locator('.site-footer').getByRole('link', { name: 'MCP docs' });
    await expect(link).toHaveAttribute('href', '/mcp/docs');
    await link.click();
    await expect(page).toHaveURL(/\/mcp\/docs$/);
    await expect(page.getByRole('heading', { name: 'Stargate MCP' })).toBeVisible();
    // sandboxed: the page cannot reach the tab's storage on this origin
    expect(await page.evaluate(() => { try { return typeof sessionStorage.length; } catch { return 'blocked'; } })).toBe('blocked');
  });

  test('a deep link serves the app, which renders under BASE_PATH', async ({ page, request, baseURL }) => {
    const base = basePath(baseURL);
    const tip = await tipHeight(request);
    const response = await page.goto(`${base}block/5`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    await expect(rail(page)).toBeVisible({ timeout: 30_000 });
    // the linked block is centred and selected, far from the tip
    expect(tip).toBeGreaterThan(50);
    await expect(rail(page).locator('[data-height="5"]')).toBeVisible({ timeout: 15_000 });
    await expect(rail(page).locator('[data-height="5"]')).toHaveAttribute('aria-selected', 'true');
    await expect(rail(page).locator(`[data-height="${tip}"]`)).toHaveCount(0);
    await expect(alerts(page)).toHaveCount(0);
    expect(new URL(page.url()).pathname.startsWith(base)).toBe(true);
  });

  test('outside a sub-path: "/" and the bare prefix redirect to BASE_PATH', async ({ request, baseURL }) => {
    const base = basePath(baseURL);
    test.skip(base === '/', 'BASE_PATH is "/"');
    const root = await request.get('/', { maxRedirects: 0 });
    expect(root.status()).toBe(302);
    expect(root.headers()['location']).toBe(base);
    const bare = await request.get(base.replace(/\/$/, ''), { maxRedirects: 0 });
    expect(bare.status()).toBe(301);
    expect(bare.headers()['location']).toBe(base);
    expect((await request.get('/elsewhere', { maxRedirects: 0 })).status()).toBe(404);
  });
});

test.describe('the CSP guard', () => {
  test.use({ failOnCspViolation: false });

  test('catches an inline script blocked by the CSP (self-test)', async ({ page, request, cspViolations, baseURL }) => {
    const tip = await tipHeight(request);
    await page.goto(basePath(baseURL));
    await expectTipShown(page, tip);
    expect(cspViolations, 'the app itself loads without violations').toEqual([]);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.body.appendChild(s);
    });
    await expect.poll(() => cspViolations.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(cspViolations.join('\n')).toMatch(/securitypolicyviolation: script-src/);
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
  });
});
