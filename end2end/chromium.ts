// Debian's Chromium, never a downloaded browser (`playwright install` is not used), with the
// flags every run uses: no sandbox (containers), no GPU, nothing phoning home. Shared by
// playwright.config.ts (the suite) and bench.config.ts (make bench).
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
