#!/usr/bin/env node
// How long one process takes from spawn to its first 200, and where that time goes.
//
//   node bench/boot.mjs                              the production entry, SERVICES=posts, 3 runs
//   node bench/boot.mjs --entry dist/main.js         the unbundled build instead
//   node bench/boot.mjs --runs 5 --services posts,users --path /api/users
//
// Spawns `node <start:prod's flags> <entry>` with the environment of this shell
// (DATABASE_URL, REDIS_URL: set them to measure MySQL and Redis; unset, SQLite and the
// in-process cache), on a free port, and polls PATH every 10 ms until it answers 200.
// The phases come from the process's own JSON log lines (their `time`): `imports` is
// spawn to the first line (written once every module is loaded), `nest` the first
// line to "Listening", `listen` "Listening" to the first 200. Prints each run and
// the median and range of each figure.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from './lib/processes.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    entry: { type: 'string', default: 'dist/main.bundle.js' },
    runs: { type: 'string', default: '3' },
    services: { type: 'string', default: 'posts' },
    path: { type: 'string', default: '/api/posts' },
  },
});
const flags = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  .scripts['start:prod'].split(/\s+/)
  .filter((word) => word.startsWith('--'));

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function once() {
  const port = await freePort();
  const spawned = Date.now();
  const child = spawn(process.execPath, [...flags, values.entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      SERVICES: values.services,
      JWT_SECRET: process.env.JWT_SECRET ?? 'boot-bench-secret-boot-bench-secret-0123',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      THROTTLE_LIMIT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
    for (let i; (i = output.indexOf('\n')) >= 0; output = output.slice(i + 1)) {
      try {
        lines.push(JSON.parse(output.slice(0, i)));
      } catch {
        // not a log line
      }
    }
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let exited = false;
  child.on('exit', () => (exited = true));
  let firstOk;
  while (!exited && Date.now() - spawned < 60_000) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${values.path}`, {
        signal: AbortSignal.timeout(2000),
      });
      await res.arrayBuffer();
      if (res.status === 200) {
        firstOk = Date.now();
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  child.kill('SIGTERM');
  await new Promise((done) => (exited ? done() : child.once('exit', done)));
  if (!firstOk) throw new Error(`no 200 from ${values.path}: ${stderr || JSON.stringify(lines)}`);
  const first = lines[0]?.time;
  const listening = lines.find((line) => /^Listening/.test(line.msg))?.time;
  return {
    firstOkMs: firstOk - spawned,
    importsMs: first - spawned,
    nestMs: listening - first,
    listenMs: firstOk - listening,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = [];
for (let i = 0; i < Number(values.runs); i++) {
  const run = await once();
  runs.push(run);
  console.log(`run ${i + 1}: ${JSON.stringify(run)}`);
}
const summary = Object.fromEntries(
  Object.keys(runs[0]).map((key) => {
    const xs = runs.map((run) => run[key]);
    return [key, { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) }];
  }),
);
console.log(`${values.entry} SERVICES=${values.services}: ${JSON.stringify(summary)}`);
