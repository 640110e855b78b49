// PM2: the API in cluster mode, one worker per CPU core, all behind one port.
//
//   npm run build && npm run start:pm2      start (or: npx pm2 start ecosystem.config.cjs)
//   npx pm2 status | logs social-api | reload social-api | stop social-api
//
// The environment is the shell's, then `.env` for what the shell does not set,
// then NODE_ENV=production. See docs/OPERATIONS.md.
const { existsSync, readFileSync } = require('node:fs');
const { cpus } = require('node:os');
const { join } = require('node:path');

/** KEY=value lines of a dotenv file; `#` comments, `export ` and quotes allowed. */
function parseDotEnv(text) {
  const env = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    let value = match[2];
    const quoted = /^(['"])(.*)\1(\s+#.*)?$/.exec(value);
    value = quoted ? quoted[2] : value.replace(/\s+#.*$/, '');
    env[match[1]] = value;
  }
  return env;
}

const dotEnvPath = join(__dirname, '.env');
const fromFile = existsSync(dotEnvPath) ? parseDotEnv(readFileSync(dotEnvPath, 'utf8')) : {};
// What the shell sets wins over the file, as with dotenv.
const env = { NODE_ENV: 'production', ...fromFile };
for (const key of Object.keys(env)) if (process.env[key] !== undefined) env[key] = process.env[key];
// A blank value means unset, as in the app (src/config/env.ts).
const present = (value) => (value?.trim() ? value : undefined);
const setting = (name) => present(process.env[name]) ?? present(fromFile[name]);

// Node's flags for the API, as `npm run start:prod` gives them (package.json is
// where they are set; bench/README.md says why).
const nodeArgs = require('./package.json')
  .scripts['start:prod'].split(/\s+/)
  .filter((word) => word.startsWith('--'));

// Several workers need what they share to live outside them: MySQL, not an
// embedded SQLite file each worker would lock in turn, and Redis, not a cache and
// rate-limit counters of their own (a worker would serve reads from before another
// worker's write). Without both, one worker unless WEB_CONCURRENCY says otherwise.
const shareable = /^(mysql|mariadb):/.test(setting('DATABASE_URL') ?? '') && !!setting('REDIS_URL');
function workerCount() {
  const requested = setting('WEB_CONCURRENCY');
  if (requested === undefined) return shareable ? cpus().length : 1;
  if (requested === 'max') return cpus().length;
  const count = Number(requested);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`WEB_CONCURRENCY must be a positive integer or max, not "${requested}"`);
  }
  return count;
}

module.exports = {
  apps: [
    {
      name: 'social-api',
      script: 'dist/main.bundle.js',
      node_args: nodeArgs,
      cwd: __dirname,
      exec_mode: 'cluster',
      instances: workerCount(),
      env,
      // Restarted when it crashes, and when it holds more memory than this.
      autorestart: true,
      max_memory_restart: setting('PM2_MAX_MEMORY') ?? '512M',
      // A worker that dies within 10 s of starting counts as a failed start; after
      // 10 of those in a row (a bad configuration) PM2 gives up instead of looping.
      min_uptime: '10s',
      max_restarts: 10,
      exp_backoff_restart_delay: 100,
      // A worker counts as up once it has sent 'ready' (after listen): a reload
      // replaces workers one at a time, each only once its successor is ready.
      wait_ready: true,
      listen_timeout: 20000,
      // Stop and reload send SIGINT; the app finishes requests in flight within 10 s
      // (SHUTDOWN_TIMEOUT_MS), so SIGKILL comes only after longer than that.
      kill_timeout: 15000,
      // The app writes JSON lines with their own timestamps: one file for all workers.
      merge_logs: true,
    },
  ],
};
