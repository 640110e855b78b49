#!/usr/bin/env node
// Starts or stops the API as services on one machine (docs/SERVICES.md): the PM2
// apps of ecosystem.services.config.cjs, then nginx in front of them on PORT.
//
//   node scripts/services.mjs start | stop      (npm run start:services | stop:services)
//
// nginx runs unprivileged from a run directory of the project's (SERVICES_RUN_DIR,
// default .run/): its config, pid, logs and temp files live there. PM2 honours PM2_HOME.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findNginx, nginxArgs, writeNginxConfig } from './nginx-config.mjs';

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
  if (result.error) return { ok: false, output: result.error.message };
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

function nginxOrFail() {
  return (
    findNginx() ??
    fail(
      'nginx is not installed (Debian/Ubuntu: apt-get install nginx-light; macOS: brew install nginx)',
    )
  );
}

function loadEcosystem() {
  try {
    return createRequire(import.meta.url)(ECOSYSTEM);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/** The host, front port and settings the services were given, from the ecosystem file itself. */
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
  return { port: Number(setting('PORT') ?? 3000), host: setting('HOST') ?? '0.0.0.0' };
}

/** Each HTTP service's instance ports as the ecosystem asks for them: SERVICE_PORT + 0..n-1. */
function plannedPorts(apps) {
  return Object.fromEntries(
    apps.map((app) => [
      app.env.SERVICES,
      Array.from({ length: app.instances }, (_, i) => Number(app.env.SERVICE_PORT) + i),
    ]),
  );
}

/**
 * Each HTTP service's instance ports as PM2 runs them (scripts/service-instance.mjs:
 * SERVICE_PORT + NODE_APP_INSTANCE), so that nginx lists exactly the instances there
 * are, after a scale too. An instance that is restarting is listed: it comes back.
 */
function runningPorts(apps) {
  const processes = JSON.parse(pm2('jlist'));
  return Object.fromEntries(
    apps.map((app) => [
      app.env.SERVICES,
      processes
        .filter((p) => p.name === app.name)
        .map((p) => Number(app.env.SERVICE_PORT) + Number(p.pm2_env.NODE_APP_INSTANCE ?? 0))
        .sort((a, b) => a - b),
    ]),
  );
}

function renderNginxConfig({ port, host }, ports) {
  try {
    writeNginxConfig(NGINX_DIR, { host, port, ports });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

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

function checkNginxConfig(nginx) {
  const test = run(nginx, nginxArgs(NGINX_DIR, '-t'));
  if (!test.ok) fail(`the rendered nginx config is invalid:\n${test.output}`);
}

function pm2(...args) {
  const result = spawnSync(process.execPath, [PM2, ...args], { cwd: ROOT, encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    fail(
      `pm2 ${args.join(' ')} failed:\n${result.error?.message ?? ''}${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
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
  const nginx = nginxOrFail();
  if (!existsSync(join(ROOT, 'dist', 'main.bundle.js')))
    fail('dist/main.bundle.js is missing: run npm run build first');
  const { apps } = loadEcosystem();
  const config = topology(apps);
  // Checked before anything starts: a bad template stops here, with nothing changed.
  renderNginxConfig(config, plannedPorts(apps));
  checkNginxConfig(nginx);
  // startOrReload: running it again applies a new build or configuration without downtime.
  pm2('startOrReload', ECOSYSTEM, '--update-env');
  // startOrReload keeps a running app's instance count: a new <NAME>_INSTANCES is a scale.
  const running = runningPorts(apps);
  for (const app of apps) {
    if (running[app.env.SERVICES].length !== app.instances)
      pm2('scale', app.name, String(app.instances));
  }
  renderNginxConfig(config, runningPorts(apps));
  checkNginxConfig(nginx);
  const started = run(
    nginx,
    nginxRunning() ? nginxArgs(NGINX_DIR, '-s', 'reload') : nginxArgs(NGINX_DIR),
  );
  if (!started.ok) fail(`nginx did not start:\n${started.output}`);
  await waitForHealth(config.port);
  console.log(`services: up, front door on http://${config.host}:${config.port} (npx pm2 status)`);
}

function stop() {
  if (nginxRunning()) {
    const stopped = run(nginxOrFail(), nginxArgs(NGINX_DIR, '-s', 'quit'));
    if (!stopped.ok) fail(`nginx did not stop:\n${stopped.output}`);
  }
  pm2('delete', ECOSYSTEM);
  console.log('services: stopped');
}

const command = process.argv[2];
if (command === 'start') await start();
else if (command === 'stop') stop();
else fail('usage: node scripts/services.mjs start|stop');
