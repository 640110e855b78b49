// PM2: the API as services (docs/SERVICES.md), one app per service from the same
// build, each serving the routes SERVICES names, behind nginx on PORT:
//
//   npm run start:services      the PM2 apps below, then nginx (scripts/services.mjs)
//   npx pm2 status | logs social-posts | reload social-posts | stop social-posts
//   npm run stop:services
//
// Each service has <NAME>_INSTANCES instances (default 1, at most 10) in fork mode,
// each on 127.0.0.1 at a port of its own: instance i of the n-th service below at
// PORT + 10n + i (scripts/service-instance.mjs). nginx lists every instance, so when
// one dies it retries reads on another (PM2's cluster mode would put them all behind
// one port: one server to nginx, nothing to retry on). The worker runs the timeline
// jobs. The environment is read as for ecosystem.config.cjs (shell, then .env).
const [base] = require('./ecosystem.config.cjs').apps;

const SERVICES = [
  { service: 'auth', offset: 10 },
  { service: 'users', offset: 20 },
  { service: 'follows', offset: 30 },
  { service: 'posts', offset: 40 },
  // No routes, but a /health of its own, like every process.
  { service: 'worker', offset: 50 },
];
// A service's ports are its offset + 0..9.
const MAX_INSTANCES = 10;

// The shell's value, else .env's (base.env holds .env's); blank means unset.
const present = (value) => (value?.trim() ? value : undefined);
const setting = (name) => present(process.env[name]) ?? present(base.env[name]);
const frontPort = Number(setting('PORT') ?? 3000);

function instances(service) {
  const name = `${service.toUpperCase()}_INSTANCES`;
  const value = setting(name) ?? '1';
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSTANCES) {
    throw new Error(`${name} must be an integer from 1 to ${MAX_INSTANCES}, not "${value}"`);
  }
  return count;
}

/** The port of a service's first instance, behind the front door. */
const portOf = (service) => frontPort + SERVICES.find((s) => s.service === service).offset;

module.exports = {
  apps: SERVICES.map(({ service }) => ({
    ...base,
    name: `social-${service}`,
    script: 'scripts/service-instance.mjs',
    exec_mode: 'fork',
    // The worker is one process: its jobs spread over concurrency, not instances.
    instances: service === 'worker' ? 1 : instances(service),
    env: {
      ...base.env,
      SERVICES: service,
      HOST: '127.0.0.1',
      SERVICE_PORT: String(portOf(service)),
      // nginx runs on this machine: believe its X-Forwarded-For, so rate limits count clients.
      TRUST_PROXY: setting('TRUST_PROXY') ?? 'loopback',
    },
  })),
};
