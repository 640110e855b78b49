// Child processes of the benchmark: the built app, the baseline server, the
// load generator and the writers of a mixed workload. Everything listens on 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const JWT_SECRET = 'bench-only-secret-0123456789abcdef0123456789';

/** A TCP port free on 127.0.0.1 now. */
export async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** A server process started with `args` and `env` (in `cwd`), once its /health answers. */
async function startServer(name, args, env, cwd = process.cwd()) {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const warnings = countWarnings(child.stdout);
  let stopping = false;
  // A server that dies mid-run fails the run later, far from the cause: say why at once.
  child.on('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`${name} exited (${code ?? signal}): ${stderr}\n`);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name,
    url,
    pid: child.pid,
    /** The warnings and errors it has logged so far: {message: count}. */
    warnings: () => ({ ...warnings }),
    /** Peak resident set size since start or the last reset, in MB (the kernel's VmHWM). */
    peakRssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)[1]) / 1024;
    },
    /** Starts the peak over from the current RSS (Linux: writing 5 to clear_refs). */
    resetPeakRss() {
      writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
    },
    async stop() {
      stopping = true;
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Counts the log lines at warn or above (pino's JSON, one a line, on stdout)
 * by message, cut to 80 characters: with LOG_LEVEL=warn those are all it logs.
 * Such as the cache marked down after a Redis call passed its bound, which
 * turns hits into misses: a run's hit rate is read with them.
 */
function countWarnings(stream) {
  const counts = {};
  let partial = '';
  stream.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      let entry;
      try {
        entry = JSON.parse(line);
      } catch {
        continue;
      }
      if (!(entry.level >= 40)) continue;
      const message = String(entry.msg ?? '').slice(0, 80);
      counts[message] = (counts[message] ?? 0) + 1;
    }
  });
  return counts;
}

// Node's flags for the API, as `npm run start:prod` gives them in the checkout at `dir`.
const nodeFlags = (dir) =>
  JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'))
    .scripts['start:prod'].split(/\s+/)
    .filter((word) => word.startsWith('--'));

/**
 * `node dist/main.js` with production's flags, rate limits off and logs at warn.
 * With Redis (the cache on, or `timelines`) it has home timelines and runs their
 * worker in the same process; `env` adds settings (FANOUT_MAX_FOLLOWERS, say).
 * `dir` is the checkout whose build runs: this one, or an earlier one (`--before`).
 */
export function startApp(
  name,
  { databaseUrl, redisUrl, cacheTtl, timelines = false, env = {}, dir = process.cwd() },
) {
  const settings = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    JWT_SECRET,
    JWT_EXPIRES_IN: '3600',
    LOG_LEVEL: 'warn',
    THROTTLE_AUTH_LIMIT: '0',
    THROTTLE_LIMIT: '0',
    CACHE_TTL: String(cacheTtl),
    ...(cacheTtl > 0 || timelines ? { REDIS_URL: redisUrl } : {}),
    ...env,
  };
  return startServer(name, [...nodeFlags(dir), 'dist/main.js'], settings, dir);
}

/** bench/baseline/server.mjs; its Redis keys carry a prefix of their own, new each run. */
export function startBaseline(name, { databaseUrl, redisUrl, runId }) {
  return startServer(name, ['bench/baseline/server.mjs'], {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    JWT_SECRET,
    CACHE_TTL: '60',
    CACHE_PREFIX: `bench:baseline:${runId}`,
  });
}

/** CPU time (user + system) a process has used so far, in ms; undefined if it is gone. */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS);
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU time the whole machine has spent busy so far, in ms (all cores, from /proc/stat). */
function machineBusyMs() {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) * (1000 / CLOCK_TICKS);
}

/** The pid of a local process by its command name (e.g. mariadbd), if there is one. */
export function findProcess(...names) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (names.includes(readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/**
 * Runs bench/load.mjs (autocannon) with `config`, or bench/wrk-load.mjs with
 * `generator: 'wrk'`; resolves to its JSON result,
 * plus the CPU time each of `watched` ({name: pid}) spent per measured request.
 * `hooks.onMeasuring()` is called as the measured run starts; with
 * `hooks.onProgress(reads)`, the load generator reports its answers so far.
 */
export async function load(config, watched = {}, hooks = {}) {
  const progress = Boolean(hooks.onProgress);
  const { generator = 'autocannon', ...rest } = config;
  config = rest;
  const script = { autocannon: 'bench/load.mjs', wrk: 'bench/wrk-load.mjs' }[generator];
  if (!script) throw new Error(`unknown load generator "${generator}"`);
  const child = spawn(process.execPath, [script], {
    stdio: ['pipe', 'pipe', 'inherit', ...(progress ? ['ipc'] : [])],
  });
  if (progress) child.on('message', (message) => hooks.onProgress(message.reads));
  let stdout = '';
  let before;
  // Sampled as the measured run starts, and once the load generator has exited.
  const sample = () => ({
    at: performance.now(),
    machine: machineBusyMs(),
    ...Object.fromEntries(Object.entries(watched).map(([name, pid]) => [name, cpuMs(pid)])),
  });
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    if (!before && stdout.startsWith('measuring\n')) {
      before = sample();
      hooks.onMeasuring?.();
    }
  });
  child.stdin.end(JSON.stringify({ ...config, progress }));
  const [code] = await once(child, 'exit');
  const after = sample();
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  const result = JSON.parse(stdout.slice('measuring\n'.length));
  const spent = (name) => after[name] - before[name];
  result.cpuMsPerRequest = Object.fromEntries(
    Object.keys(watched).map((name) => {
      const ms = spent(name);
      return [name, Number.isFinite(ms) ? Math.round((ms / result.requests) * 1000) / 1000 : null];
    }),
  );
  // The CPU that neither these processes nor the load generator used, in cores: other
  // work on the machine (plus the kernel's share of the traffic, so never quite zero).
  const ours = Object.keys(watched).reduce((sum, name) => sum + (spent(name) || 0), 0);
  result.otherCores =
    Math.round(((spent('machine') - ours - result.loadCpuMs) / spent('at')) * 100) / 100;
  return result;
}

/**
 * Starts bench/writer.mjs with `config`: it writes at once, paced. Returns its pid
 * and the calls that open the measured window, relay the readers' answers (for a
 * rate given as a share of the requests) and stop it, which resolves to its result.
 */
export function startWriter(config) {
  const child = spawn(process.execPath, ['bench/writer.mjs'], {
    stdio: ['pipe', 'pipe', 'inherit', 'ipc'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const exited = once(child, 'exit');
  child.stdin.end(JSON.stringify(config));
  const tell = (message) => child.connected && child.send(message);
  return {
    pid: child.pid,
    measuring: () => tell({ measuring: true }),
    reads: (count) => tell({ reads: count }),
    async stop() {
      tell({ stop: true });
      const [code] = await exited;
      if (code !== 0) throw new Error(`writer exited with ${code}`);
      return JSON.parse(stdout);
    },
  };
}

/** One API call; throws unless the status is expected. */
export async function api(url, method, path, { token, body, expect = [200, 201, 204] } = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!expect.includes(res.status)) {
    throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  }
  return {
    status: res.status,
    headers: res.headers,
    body: res.status === 204 ? undefined : await res.json(),
  };
}

/** Runs `work` over `items`, `width` at a time; resolves to the results in order. */
export async function inParallel(items, width, work) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i], i);
      }
    }),
  );
  return results;
}
