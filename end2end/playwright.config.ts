import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

// specs that also run through nginx (deploy.spec.ts and security.spec.ts run only there)
const NGINX_SPECS = /(skeleton|a11y|deploy|security|submit|links|contracts|sign-in|lazy|first-load|discover|docs|moving-in|settle|search-page|hidden-message)\.spec\.ts$/;
const NGINX_ONLY = /(deploy|security)\.spec\.ts/;
// tests that start their own devservers and do not involve nginx: devserver project only
const OWN_DEVSERVER = /\(c\) backend down|\(own devserver\)/;

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  // one browser, one devserver at a time: 2-core machines, and tests that kill servers
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  // One project per way of serving the app. The URLs are set by global-setup.ts before the
  // workers start (they inherit the environment).
  //   devserver      dist/ and the API from one devserver (as `make run`)
  //   nginx-root     the top-level nginx.conf, BASE_PATH "/", proxying to an API-only devserver
  //   nginx-subpath  the same under BASE_PATH "/explorer/" (baseURL .../explorer/; "/" redirects there)
  // The nginx projects run the skeleton and a11y specs again (failing on any CSP violation, see
  // tests/fixtures.ts) plus deploy.spec.ts (headers, /health, /version, gzip, deep links) and
  // security.spec.ts (the sandbox of chain content, body and rate limits); add a
  // spec to NGINX_SPECS to run it through nginx too (its URLs must then be relative to baseURL
  // or answered by nginx at the root). The "(c) backend down" test starts its own devservers and
  // does not involve nginx: devserver only; so do submit.spec.ts's "(own devserver)" tests (the
  // form's other tests, with forced answers, run through nginx and its CSP).
  projects: [
    { name: 'devserver', testIgnore: NGINX_ONLY, use: { baseURL: process.env.E2E_BASE_URL } },
    {
      name: 'nginx-root',
      testMatch: NGINX_SPECS,
      grepInvert: OWN_DEVSERVER,
      use: { baseURL: process.env.E2E_NGINX_ROOT_URL },
    },
    {
      name: 'nginx-subpath',
      testMatch: NGINX_SPECS,
      grepInvert: OWN_DEVSERVER,
      use: { baseURL: process.env.E2E_NGINX_SUB_URL },
    },
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    },
  },
});
