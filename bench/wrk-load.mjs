#!/usr/bin/env node
// A second load generator, wrk (Debian's package), with bench/load.mjs's interface:
// one JSON config on stdin, then a line `measuring` and one JSON result on stdout.
// autocannon runs on Node and spends about as much CPU a request as nginx does; on a
// 2-core machine that shared CPU is a cost of the generator, not of what is measured.
// wrk, in C, spends a fraction of it. The hop scenario (bench/hop.mjs) measures with
// both. Only what the hop needs: requests rotating over `paths`, no bodies or tokens.
//
// Config: { url, method, paths: [..], connections, duration, warmup, expectCache? }
// (and reconnectEvery, which wrk needs not be told: it honours `Connection: close`).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';

const config = JSON.parse(await text(process.stdin));
for (const option of ['tokens', 'bodies', 'countCache', 'progress', 'overallRate']) {
  if (config[option]) throw new Error(`wrk-load: "${option}" is not supported`);
}

const lua = (value) => JSON.stringify(value); // a JSON string is a valid Lua string literal
// Counters live in each thread's Lua state; done() runs in another and reads them there.
const script = `
local paths = { ${config.paths.map(lua).join(', ')} }
local expect = ${config.expectCache ? lua(config.expectCache) : 'nil'}
local threads = {}
function setup(thread) table.insert(threads, thread) end
n = 0
mismatches = 0
non2xx = 0
function request()
  n = n + 1
  return wrk.format(${lua(config.method)}, paths[(n % #paths) + 1])
end
function response(status, headers)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  if expect and (headers["x-cache"] or headers["X-Cache"]) ~= expect then
    mismatches = mismatches + 1
  end
end
function done(summary, latency)
  local m, x = 0, 0
  for _, thread in ipairs(threads) do
    m = m + thread:get("mismatches")
    x = x + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.6f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f,' ..
    '"non2xx":%d,"errors":%d,"timeouts":%d,"cacheMismatches":%d}\\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    x, e.connect + e.read + e.write, e.timeout, m))
end
`;
const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
const scriptFile = join(dir, 'load.lua');
writeFileSync(scriptFile, script);

const toSeconds = (value) => {
  const [, minutes, secs] = /^(\d+)m([\d.]+)s$/.exec(value) ?? [];
  if (minutes === undefined) throw new Error(`unexpected output of times: ${value}`);
  return Number(minutes) * 60 + Number(secs);
};

/** One wrk run; its result line, and the CPU it used (bash's `times`: its children's). */
async function run(seconds) {
  const args = ['-t1', `-c${config.connections}`, `-d${seconds}s`, '-s', scriptFile, config.url];
  const child = spawn('bash', ['-c', 'wrk "$@" && times >&2', 'wrk', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`wrk exited with ${code}: ${stderr || stdout}`);
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`wrk printed no result: ${stdout}`);
  // `times` prints the shell's own user and system time, then its children's.
  const [user, system] = stderr.trim().split('\n').at(-1).split(/\s+/).map(toSeconds);
  return { ...JSON.parse(line.slice('RESULT '.length)), cpuMs: (user + system) * 1000 };
}

try {
  if (config.warmup > 0) await run(config.warmup);
  process.stdout.write('measuring\n');
  const result = await run(config.duration);
  process.stdout.write(
    JSON.stringify({
      generator: 'wrk',
      rps: result.requests / result.seconds,
      requests: result.requests,
      p50: result.p50,
      p90: result.p90,
      p99: result.p99,
      max: result.max,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      cacheMismatches: result.cacheMismatches,
      loadCpuMs: result.cpuMs,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
