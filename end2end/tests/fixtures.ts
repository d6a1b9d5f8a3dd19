// The suite's `test` and `expect`: Playwright's, plus an automatic guard that fails a test on any
// Content-Security-Policy violation in any page of its browser context - a console message that
// mentions the policy, or a `securitypolicyviolation` event (reported from every frame through
// an exposed binding). Under the devserver there is no CSP, so the guard is silent there; under
// the nginx projects it enforces the CSP of nginx.conf.
//
// A second guard fails a test on any uncaught error in any page of its context (`pageerror`:
// an exception, an unhandled rejection, and so a panic of the app, which traps the wasm); a test
// that provokes one on purpose turns it off with `test.use({ failOnPageError: false })`. It
// leaves out what chain content throws in its sandboxed frames: hostile inscriptions that try
// the app's cookie, storage or window fail with a SecurityError whose stack is empty (an opaque
// origin's error) or lies in chain content (/content/, /uploads/, /sandbox/); the app's own
// errors carry its own script's location.
//
// Specs import { test, expect } from './fixtures' (not from '@playwright/test').
import { test as base, expect } from '@playwright/test';

export interface CspFixtures {
  /** Violations seen so far in this test (console messages and securitypolicyviolation events). */
  cspViolations: string[];
  /** Option: fail the test when a violation was seen (default true; the guard's self-test turns it off). */
  failOnCspViolation: boolean;
}

const CSP_TEXT = /Content[- ]Security[- ]Policy/i;

export interface PageErrorFixtures {
  /** Uncaught errors seen so far in this test, in any page of its context. */
  pageErrors: string[];
  /** Option: fail the test when a page error was seen (default true). */
  failOnPageError: boolean;
}

export const test = base.extend<CspFixtures & PageErrorFixtures>({
  failOnPageError: [true, { option: true }],
  pageErrors: [
    async ({ context, failOnPageError }, use) => {
      const errors: string[] = [];
      const fromSandboxedContent = (error: Error) =>
        error.name === 'SecurityError' &&
        (error.stack ?? '')
          .split('\n')
          .filter((line) => /^\s+at /.test(line))
          .every((line) => /\/(content|uploads|sandbox)\//.test(line));
      const watch = (page: import('@playwright/test').Page) =>
        page.on('pageerror', (error) => {
          if (!fromSandboxedContent(error)) errors.push(`${page.url()}: ${error.name}: ${error.message}`);
        });
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(errors);
      if (failOnPageError) {
        expect(errors, `page errors:\n${errors.join('\n')}`).toEqual([]);
      }
    },
    { auto: true },
  ],
  failOnCspViolation: [true, { option: true }],
  cspViolations: [
    async ({ context, failOnCspViolation }, use) => {
      const violations: string[] = [];
      context.on('console', (msg) => {
        if (CSP_TEXT.test(msg.text())) violations.push(`console.${msg.type()}: ${msg.text()}`);
      });
      await context.exposeBinding('__e2eCspViolation', (_source, text: string) => {
        violations.push(`securitypolicyviolation: ${text}`);
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const report = (window as unknown as { __e2eCspViolation?: (t: string) => void }).__e2eCspViolation;
          report?.(
            `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} in ${e.documentURI}` +
              ` (${e.sourceFile || '?'}:${e.lineNumber})`,
          );
        });
      });
      await use(violations);
      if (failOnCspViolation) {
        expect(violations, `CSP violations:\n${violations.join('\n')}`).toEqual([]);
      }
    },
    { auto: true },
  ],
});

export { expect };
