#!/usr/bin/env node
// Starts or stops the API as services on one machine (docs/SERVICES.md): the PM2
// apps of ecosystem.services.config.cjs, then nginx in front of them on PORT.
//
//   node scripts/services.mjs start | stop      (npm run start:services | stop:services)
//
// nginx runs unprivileged from a run directory of the project's (SERVICES_RUN_DIR,
// default .run/): its config, pid, logs and temp files live there. PM2 honours PM2_HOME.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ECOSYSTEM = join(ROOT, 'ecosystem.services.config.cjs');
const PM2 = join(ROOT, 'node_modules', 'pm2', 'bin', 'pm2');
const present = (value) => (value?.trim() ? value : undefined);
const RUN_DIR = resolve(ROOT, present(process.env.SERVICES_RUN_DIR) ?? '.run');
const NGINX_DIR = join(RUN_DIR, 'nginx');
const HEALTH_TIMEOUT_MS = 60_000;

/** Stops with a one-line reason, as the app does on a bad setting. */
function fail(message) {
  console.error(`services: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', ...options });
  if (result.error)
    return { ok: false, output: result.error.message, missing: result.error.code === 'ENOENT' };
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/** nginx on PATH, else where Debian puts it (/usr/sbin is not on every user's PATH). */
function findNginx() {
  for (const candidate of ['nginx', '/usr/sbin/nginx']) {
    if (!run(candidate, ['-v']).missing) return candidate;
  }
  return fail(
    'nginx is not installed (Debian/Ubuntu: apt-get install nginx-light; macOS: brew install nginx)',
  );
}

function loadEcosystem() {
  try {
    return createRequire(import.meta.url)(ECOSYSTEM);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/** The ports, host and settings the services were given, from the ecosystem file itself. */
function topology(apps) {
  const env = apps[0].env;
  const setting = (name) => present(process.env[name]) ?? present(env[name]);
  for (const name of ['DATABASE_URL', 'REDIS_URL']) {
    if (!setting(name)) {
      fail(
        `${name} is required: every service shares one database and one Redis (see docs/SERVICES.md)`,
      );
    }
  }
  if (/^sqlite:/.test(setting('DATABASE_URL')))
    fail('DATABASE_URL must be MySQL: services cannot share an SQLite file');
  const ports = Object.fromEntries(apps.map((app) => [app.env.SERVICES, app.env.PORT]));
  return { port: Number(setting('PORT') ?? 3000), host: setting('HOST') ?? '0.0.0.0', ports };
}

function renderNginxConfig({ port, host, ports }) {
  const values = {
    PORT: port,
    HOST: host,
    AUTH_PORT: ports.auth,
    USERS_PORT: ports.users,
    FOLLOWS_PORT: ports.follows,
    POSTS_PORT: ports.posts,
  };
  const template = readFileSync(join(ROOT, 'deploy', 'nginx.conf.template'), 'utf8');
  const config = template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name) => {
    if (values[name] === undefined) fail(`deploy/nginx.conf.template names an unknown {{${name}}}`);
    return String(values[name]);
  });
  for (const dir of ['logs', 'tmp']) mkdirSync(join(NGINX_DIR, dir), { recursive: true });
  writeFileSync(join(NGINX_DIR, 'nginx.conf'), config);
}

const nginxArgs = (...extra) => [
  '-p',
  `${NGINX_DIR}/`,
  '-c',
  'nginx.conf',
  '-e',
  'logs/error.log',
  ...extra,
];
const nginxRunning = () => {
  const pidFile = join(NGINX_DIR, 'nginx.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  // An empty or stale file (nginx -t leaves one) is no nginx.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function pm2(...args) {
  const result = run(process.execPath, [PM2, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (!result.ok) fail(`pm2 ${args.join(' ')} failed:\n${result.output}`);
}

async function waitForHealth(port) {
  const url = `http://127.0.0.1:${port}/health`;
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  fail(
    `${url} did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s (${last}); see npx pm2 logs and ${NGINX_DIR}/logs/error.log`,
  );
}

async function start() {
  const nginx = findNginx();
  if (!existsSync(join(ROOT, 'dist', 'main.js')))
    fail('dist/main.js is missing: run npm run build first');
  const { apps } = loadEcosystem();
  const config = topology(apps);
  renderNginxConfig(config);
  const test = run(nginx, nginxArgs('-t'));
  if (!test.ok) fail(`the rendered nginx config is invalid:\n${test.output}`);
  // startOrReload: running it again applies a new build or configuration without downtime.
  pm2('startOrReload', ECOSYSTEM, '--update-env');
  const started = run(nginx, nginxRunning() ? nginxArgs('-s', 'reload') : nginxArgs());
  if (!started.ok) fail(`nginx did not start:\n${started.output}`);
  await waitForHealth(config.port);
  console.log(`services: up, front door on http://${config.host}:${config.port} (npx pm2 status)`);
}

function stop() {
  if (nginxRunning()) {
    const stopped = run(findNginx(), nginxArgs('-s', 'quit'));
    if (!stopped.ok) fail(`nginx did not stop:\n${stopped.output}`);
  }
  pm2('delete', ECOSYSTEM);
  console.log('services: stopped');
}

const command = process.argv[2];
if (command === 'start') await start();
else if (command === 'stop') stop();
else fail('usage: node scripts/services.mjs start|stop');
