// Real nginx in front of an API-only devserver, configured exactly like the container: the
// process is deploy/entrypoint.sh (renders the small includes of the top-level nginx.conf from the
// environment, writes config.json and <base href>, then execs nginx on nginx.conf as it is),
// pointed at dist/ and a temp dir.
// Used by global-setup.ts for the `nginx-root` and `nginx-subpath` projects.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIST_DIR, REPO_ROOT, runDir } from './helpers';

export const ENTRYPOINT = path.join(REPO_ROOT, 'deploy', 'entrypoint.sh');
/** The one nginx configuration (the image's too); the entrypoint links it into RUNTIME_DIR. */
export const NGINX_CONF = path.join(REPO_ROOT, 'nginx.conf');
/** Build values the nginx projects bake into /version (deploy.spec.ts checks them). */
export const E2E_BUILD = { VERSION: '0.0.0-e2e', GIT_SHA: '0123456789abcdef', BUILD_TIME: '2026-01-01T00:00:00Z' };

export interface Nginx {
  /** origin, e.g. http://127.0.0.1:43127 (no trailing slash) */
  origin: string;
  /** origin + BASE_PATH, e.g. http://127.0.0.1:43127/explorer/ */
  appUrl: string;
  basePath: string;
  runtimeDir: string;
  /** the files served under basePath (RUNTIME_DIR/www + BASE_PATH) */
  wwwDir: string;
  logFile: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound, read, released: nginx takes it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** dist/ must be the output of scripts/build-web.sh (trunk with its hook, cargo xtask web). */
export function checkDistForNginx(dist = DIST_DIR): void {
  const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const inline = /<script(?![^>]*\bsrc=)[^>]*>/i.exec(index);
  const boot = fs.readdirSync(dist).filter((f) => /^boot-[0-9a-f]+\.js$/.test(f));
  if (inline || boot.length === 0) {
    throw new Error(
      `${dist} is not a build of scripts/build-web.sh (an inline script, or no boot-<hash>.js): ` +
        'run `make build-web` (scripts/build-web.sh: trunk and its hook)',
    );
  }
}

export async function startNginx(opts: {
  basePath: string;
  backendUrl: string;
  name: string;
  apiBase?: string;
  extraEnv?: Record<string, string>;
}): Promise<Nginx> {
  const dir = runDir();
  // not under runDir(): that is 0700, and nginx started as root (CI) serves files as "nobody"
  const runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), `stargate-nginx-${opts.name}-`));
  const logFile = path.join(dir, `nginx-${opts.name}.log`);
  const log = fs.openSync(logFile, 'a');
  const port = await freePort();
  const env = {
    ...process.env,
    ...E2E_BUILD,
    DIST_DIR,
    RUNTIME_DIR: runtimeDir,
    LISTEN_PORT: String(port),
    BASE_PATH: opts.basePath,
    BACKEND_URL: opts.backendUrl,
    API_BASE: opts.apiBase ?? '',
    ACCESS_LOG: `${path.join(runtimeDir, 'access.log')} stargate`,
    NGINX_WORKER_PROCESSES: '1',
    NGINX_CONF,
    ...(opts.extraEnv ?? {}),
  };
  const child = spawn('sh', [ENTRYPOINT], { cwd: REPO_ROOT, env, stdio: ['ignore', log, log] });
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = `exited (code ${code}, signal ${signal})`));

  const origin = `http://127.0.0.1:${port}`;
  const basePath = opts.basePath;
  const until = Date.now() + 15_000;
  for (;;) {
    if (exited) throw new Error(`nginx ${opts.name} ${exited}:\n${fs.readFileSync(logFile, 'utf8')}`);
    try {
      const res = await fetch(`${origin}/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`nginx ${opts.name} not healthy within 15 s:\n${fs.readFileSync(logFile, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    origin,
    appUrl: `${origin}${basePath.replace(/\/?$/, '/')}`,
    basePath,
    runtimeDir,
    wwwDir: path.join(runtimeDir, 'www', ...basePath.split('/').filter(Boolean)),
    logFile,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM'); // nginx: fast shutdown
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
      if (!process.env.E2E_KEEP) fs.rmSync(runtimeDir, { recursive: true, force: true });
    },
  };
}
