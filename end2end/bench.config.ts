import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

// `make bench` (scripts/rail-bench.sh): the rail's budget figures, printed, never asserted
// against times (docs/design.md "Budgets"). Starts its own devserver; no global setup.
export default defineConfig({
  testDir: './bench',
  testMatch: /\.bench\.ts$/,
  workers: 1,
  retries: 0,
  timeout: 600_000,
  reporter: [['list']],
  outputDir: 'test-results/bench',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
    },
  },
});
