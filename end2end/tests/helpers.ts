// Shared helpers of the end-to-end suite: spawning/killing devserver processes, per-test copies
// of the generated chain database, and DOM-hook queries. Used by global-setup.ts and the specs.
//
// Everything here relies only on the interfaces of docs/design.md ("Interfaces that tests and
// operators rely on"): the `devserver serve` flags, its "devserver listening on http://…" line,
// the health endpoint, and the stable DOM hooks ([data-rail], [data-height], [data-pending],
// [data-genesis], role="alert", the "Retry" button).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The release devserver; E2E_DEVSERVER overrides it (e.g. a debug build). */
export const DEVSERVER_BIN = process.env.E2E_DEVSERVER ?? path.join(REPO_ROOT, 'target', 'release', 'devserver');
/** The trunk output served by the page-serving devserver. */
export const DIST_DIR = process.env.E2E_DIST ?? path.join(REPO_ROOT, 'dist');
/** Height of the generated tip used by the suite. */
export const CHAIN_TIP = Number(process.env.E2E_CHAIN_TIP ?? 300);

const LISTENING = /devserver listening on (http:\/\/[^\s"'<>]+)/;

/**
 * The API keys every e2e devserver accepts (`--api-key KEY[=WALLET]`): the dev key, unbound; a
 * key bound to the seeded wishes' creator; one bound to another wallet; an agent's key bound
 * to none. The seed's wallets are in crates/devserver/src/contracts/seed/mod.rs.
 */
export const KEYS = {
  dev: 'stargate-dev-key',
  creator: 'e2e-creator-key',
  other: 'e2e-other-key',
  agent: 'e2e-agent-key',
  contributor: 'e2e-contributor-key',
} as const;
export const WALLETS = {
  creator: 'bc1qseedcreator0000000000000000000000000wish',
  other: 'bc1qseedagent00000000000000000000000000other',
  /** A testnet wallet (payouts are built for testnet4): the devserver's seeded contributor 1. */
  contributor: 'tb1q7fuazygty5glcec74u7a6nurhar2jnppegz6ev',
} as const;
const DEFAULT_API_KEYS = [
  KEYS.dev,
  `${KEYS.creator}=${WALLETS.creator}`,
  `${KEYS.other}=${WALLETS.other}`,
  KEYS.agent,
  `${KEYS.contributor}=${WALLETS.contributor}`,
];

export interface DevserverOptions {
  /** SQLite file; defaults to a fresh copy of the run's template chain (see newDbCopy). */
  db?: string;
  generateTip?: number;
  sparse?: boolean;
  /** HOST:PORT; port 0 picks a free one (the printed line says the real one). */
  addr?: string;
  /** directory of the built app; null = API only */
  dist?: string | null;
  /** api_base that the served /config.json announces to the app */
  apiBase?: string;
  /** seconds between mined blocks; 0 = only on POST /dev/mine */
  mineInterval?: number;
  /** how long to wait for the listening line (chain generation happens before it) */
  startTimeoutMs?: number;
  /** name used in log file names */
  name?: string;
  /** `--api-key` entries (KEY or KEY=WALLET); default: the keys of KEYS */
  apiKeys?: string[];
  /** more `serve` flags, e.g. ['--challenge-ttl', '5', '--api-key', 'KEY=WALLET'] */
  extraArgs?: string[];
}

export interface Devserver {
  /** e.g. http://127.0.0.1:43127 (no trailing slash) */
  url: string;
  port: number;
  db: string;
  options: DevserverOptions;
  process: ChildProcess;
  logFile: string;
  /** graceful stop (SIGINT, then SIGKILL after 5 s) */
  stop(): Promise<void>;
  /** crash it: SIGKILL, resolves when the process is gone */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

/** Directory holding this run's databases and logs (created by global setup, else a new one). */
export function runDir(): string {
  let dir = process.env.E2E_RUN_DIR;
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stargate-e2e-'));
    process.env.E2E_RUN_DIR = dir;
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

let copies = 0;
/**
 * A private copy of the template chain generated once per run by global setup (with its WAL, if
 * any), so a test that mines or crashes a server never disturbs another test. Without a template
 * the path of a not-yet-existing file is returned and the devserver generates the chain itself.
 */
export function newDbCopy(label = 'db'): string {
  const dir = runDir();
  const dest = path.join(dir, `${label}-${process.pid}-${++copies}.sqlite`);
  const template = process.env.E2E_TEMPLATE_DB;
  if (template && fs.existsSync(template)) {
    fs.copyFileSync(template, dest);
    if (fs.existsSync(`${template}-wal`)) fs.copyFileSync(`${template}-wal`, `${dest}-wal`);
  }
  return dest;
}

export function devserverArgs(o: DevserverOptions & { db: string }): string[] {
  const args = ['serve', '--db', o.db, '--generate-tip', String(o.generateTip ?? CHAIN_TIP)];
  if (o.sparse) args.push('--sparse');
  args.push('--addr', o.addr ?? '127.0.0.1:0');
  if (o.dist !== null && o.dist !== undefined) args.push('--dist', o.dist);
  if (o.apiBase !== undefined) args.push('--api-base', o.apiBase);
  args.push('--mine-interval', String(o.mineInterval ?? 0));
  for (const key of o.apiKeys ?? DEFAULT_API_KEYS) args.push('--api-key', key);
  args.push(...(o.extraArgs ?? []));
  return args;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Spawn one devserver and resolve once it printed its listening line. */
export async function startDevserver(options: DevserverOptions = {}): Promise<Devserver> {
  if (!fs.existsSync(DEVSERVER_BIN)) {
    throw new Error(`devserver binary not found at ${DEVSERVER_BIN} (run: make build)`);
  }
  const db = options.db ?? newDbCopy(options.name ?? 'db');
  const opts = { ...options, db };
  const args = devserverArgs(opts);
  const name = options.name ?? 'devserver';
  const logFile = path.join(runDir(), `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.log`);
  const log = fs.createWriteStream(logFile);
  log.write(`$ ${DEVSERVER_BIN} ${args.join(' ')}\n`);

  const child = spawn(DEVSERVER_BIN, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'info', NO_COLOR: '1' },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));

  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timeoutMs = options.startTimeoutMs ?? 120_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`devserver did not print its listening line within ${timeoutMs} ms:\n${tail(logFile)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      buffered += chunk.toString('utf8');
      const m = LISTENING.exec(buffered);
      if (m) {
        clearTimeout(timer);
        buffered = '';
        resolve(m[1].replace(/\/+$/, ''));
      } else if (buffered.length > 1 << 16) {
        buffered = buffered.slice(-4096);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // give the log stream a moment to flush before reading it back
      setTimeout(
        () => reject(new Error(`devserver exited (code ${code}, signal ${signal}) before listening:\n${tail(logFile)}`)),
        50,
      );
    });
  });
  // the data listeners stay attached: output keeps draining into the log, so the child never
  // blocks on a full pipe
  child.once('exit', () => log.end());
  const port = Number(new URL(url).port);

  return {
    url,
    port,
    db,
    options: opts,
    process: child,
    logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      if (!(await waitForExit(child, 5_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    },
  };
}

/**
 * Start a devserver on a fixed port, retrying while the port is still being released
 * (used to bring a killed API server back on the SAME port).
 */
export async function restartDevserver(previous: Devserver, deadlineMs = 20_000): Promise<Devserver> {
  const host = new URL(previous.url).hostname;
  const until = Date.now() + deadlineMs;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      return await startDevserver({ ...previous.options, addr: `${host}:${previous.port}` });
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`could not restart devserver on port ${previous.port}: ${String(lastError)}`);
}

/** The tip height according to GET /bitcoin/v1/health. */
export async function tipHeight(request: APIRequestContext, base = ''): Promise<number> {
  const res = await request.get(`${base}/bitcoin/v1/health`);
  expect(res.ok(), `GET ${base}/bitcoin/v1/health -> ${res.status()}`).toBeTruthy();
  const body = await res.json();
  const tip = body?.bitcoin?.block_height;
  expect(typeof tip, `health body: ${JSON.stringify(body)}`).toBe('number');
  return tip as number;
}

// ---- DOM hooks --------------------------------------------------------------------------

export const rail = (page: Page): Locator => page.locator('[data-rail]');
export const card = (page: Page, height: number): Locator => page.locator(`[data-height="${height}"]`);
export const cards = (page: Page): Locator => page.locator('[data-height]');
export const pendingCard = (page: Page): Locator => page.locator('[data-height][data-pending]');
export const genesisCard = (page: Page): Locator => page.locator('[data-height][data-genesis]');
/** Alerts that actually say something (an always-present empty live region does not count). */
export const alerts = (page: Page): Locator => page.getByRole('alert').filter({ hasText: /\S/ });
export const retryButton = (page: Page): Locator => page.getByRole('button', { name: 'Retry' }).first();

/** All data-height values currently in the DOM (document order). */
export async function heightsInDom(page: Page, selector = '[data-height]'): Promise<number[]> {
  return page.locator(selector).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-height'))));
}

/** Wait until the tip card is rendered inside the rail. */
export async function expectTipShown(page: Page, tip: number, timeout = 30_000): Promise<void> {
  await expect(rail(page)).toBeVisible({ timeout });
  await expect(rail(page).locator(`[data-height="${tip}"]`).first()).toBeVisible({ timeout });
}

/** Run axe-core on the page; returns violations of the given impacts. */
export async function axeViolations(page: Page, impacts = ['serious', 'critical']) {
  // evaluated through the DevTools protocol, not as an inline <script>: the nginx projects serve
  // a CSP without 'unsafe-inline', which would (rightly) block addScriptTag
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const axe = (window as any).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: { id: string; impact: string; help: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return (result as { id: string; impact: string; help: string; targets: string[] }[]).filter((v) =>
    impacts.includes(v.impact),
  );
}

/**
 * Makes the app poll every `ms` milliseconds (config.json's `poll_ms`, which the app reads at
 * start) instead of the production 10 s, so live-update tests wait for one short interval
 * instead of sleeping past a long one. Call before `page.goto`.
 */
export async function pollEvery(page: Page, ms: number): Promise<void> {
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    await route.fulfill({ response, json: { ...config, poll_ms: ms } });
  });
}

/** Every dialog the page opens, each dismissed: hostile text must open none. */
export function collectDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (dialog) => {
    seen.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}
