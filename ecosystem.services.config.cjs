// PM2: the API as services (docs/SERVICES.md), one app per service from the same
// build, each serving the routes SERVICES names, behind nginx on PORT:
//
//   npm run start:services      the PM2 apps below, then nginx (scripts/services.mjs)
//   npx pm2 status | logs social-posts | reload social-posts | stop social-posts
//   npm run stop:services
//
// Each HTTP service listens on 127.0.0.1 at PORT + n, in cluster mode with
// <NAME>_INSTANCES instances (default 1). The worker runs the timeline jobs.
// The environment is read as for ecosystem.config.cjs (shell, then .env).
const [base] = require('./ecosystem.config.cjs').apps;

const SERVICES = [
  { service: 'auth', offset: 1 },
  { service: 'users', offset: 2 },
  { service: 'follows', offset: 3 },
  { service: 'posts', offset: 4 },
  // No routes, but a /health of its own, like every process.
  { service: 'worker', offset: 5 },
];

// The shell's value, else .env's (base.env holds .env's); blank means unset.
const present = (value) => (value?.trim() ? value : undefined);
const setting = (name) => present(process.env[name]) ?? present(base.env[name]);
const frontPort = Number(setting('PORT') ?? 3000);

function instances(service) {
  const name = `${service.toUpperCase()}_INSTANCES`;
  const value = setting(name) ?? '1';
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`${name} must be a positive integer, not "${value}"`);
  }
  return count;
}

/** The port a service's processes listen on, behind the front door. */
const portOf = (service) => frontPort + SERVICES.find((s) => s.service === service).offset;

module.exports = {
  apps: SERVICES.map(({ service }) => ({
    ...base,
    name: `social-${service}`,
    // The worker is one process: its jobs spread over concurrency, not instances.
    exec_mode: service === 'worker' ? 'fork' : 'cluster',
    instances: service === 'worker' ? 1 : instances(service),
    env: {
      ...base.env,
      SERVICES: service,
      HOST: '127.0.0.1',
      PORT: String(portOf(service)),
      // nginx runs on this machine: believe its X-Forwarded-For, so rate limits count clients.
      TRUST_PROXY: setting('TRUST_PROXY') ?? 'loopback',
    },
  })),
};
