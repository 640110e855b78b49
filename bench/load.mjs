#!/usr/bin/env node
// The load generator, run by bench/run.mjs as a process of its own so that it
// never shares an event loop with the server it measures. Reads one JSON
// config on stdin, warms up, measures with autocannon, and writes a line
// `measuring` then one JSON result on stdout.
//
// Config: {
//   url,                       e.g. "http://127.0.0.1:3000"
//   method, paths: [..],       requests rotate over paths...
//   tokens?: [..],             ...and over bearer tokens (each pair of a token and a path
//                              comes once before any repeats: like user x post)
//   bodies?: [..],             ...and over JSON bodies
//   freshCursors?: true        each request adds a `cursor` no request used before, above
//                              every post id: the same first page, under a key of its own
//                              in the response cache (which it misses)
//   connections, duration, warmup (seconds),
//   expectCache?: "HIT"|"MISS" counts answers whose X-Cache differs (cacheMismatches)
//   countCache?: true          counts answers by X-Cache (xCache: {HIT, MISS, none}),
//                              as expectCache does too
//   progress?: true            sends {reads} (answers so far, warm-up included) over the
//                              IPC channel every 250 ms: a writer paced as a share of the
//                              reads follows them (bench/writer.mjs)
//   reconnectEvery?: n         opens a new connection after every n answers, as a client
//                              does when a server closes after n (nginx's keepalive_requests,
//                              with `Connection: close` on the last answer). autocannon
//                              ignores that header and writes its next request on the
//                              closing connection; now and then the close then resets it,
//                              which autocannon counts as an error. (It also leaves the
//                              n-th answer out of its counts: one in n.)
// }
import autocannon from 'autocannon';
import { text } from 'node:stream/consumers';

const config = JSON.parse(await text(process.stdin));
const { paths, tokens = [], bodies = [] } = config;
let sent = 0;
let answered = 0;
let cacheMismatches = 0;
let xCache = { HIT: 0, MISS: 0, none: 0 };
// Cursors are base64url of `v1:<post id>` (src/common/pagination/cursor.ts). Keys from
// 10^15 on, at a random offset per process: above any post id, and unused by other runs.
let nextCursorKey = 1e15 + Math.floor(Math.random() * 1e14);
const freshCursor = () => Buffer.from(`v1:${nextCursorKey++}`).toString('base64url');

/** Request n: token n mod T, path (n div T) mod P when both rotate, so every pair comes up. */
function setupRequest(request) {
  const n = sent++;
  const token = tokens.length ? tokens[n % tokens.length] : undefined;
  const pathIndex = tokens.length > 1 ? Math.floor(n / tokens.length) : n;
  request.method = config.method;
  request.path = paths[pathIndex % paths.length];
  if (config.freshCursors) request.path += `?cursor=${freshCursor()}`;
  request.headers = {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(bodies.length ? { 'content-type': 'application/json' } : {}),
  };
  if (bodies.length) request.body = bodies[n % bodies.length];
  return request;
}

// Only installed where needed: the other runs stay exactly as they were measured before.
const onResponse =
  config.expectCache || config.countCache || config.progress
    ? (status, body, context, headers) => {
        answered++;
        const cache = headers['x-cache'];
        xCache[cache === 'HIT' || cache === 'MISS' ? cache : 'none']++;
        if (config.expectCache && cache !== config.expectCache) cacheMismatches++;
      }
    : undefined;
const progress =
  config.progress && process.send
    ? setInterval(() => process.send({ reads: answered }), 250)
    : undefined;

const run = (duration) =>
  autocannon({
    url: config.url,
    connections: config.connections,
    duration,
    ...(config.reconnectEvery ? { reconnectRate: config.reconnectEvery } : {}),
    requests: [{ setupRequest, ...(onResponse ? { onResponse } : {}) }],
  });

if (config.warmup > 0) await run(config.warmup);
cacheMismatches = 0;
xCache = { HIT: 0, MISS: 0, none: 0 };
// Tells bench/run.mjs that the measured run starts (it reads the servers' CPU time then).
process.stdout.write('measuring\n');
const cpu = process.cpuUsage();
const result = await run(config.duration);
const { user, system } = process.cpuUsage(cpu);
clearInterval(progress);
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cacheMismatches,
    ...(onResponse ? { xCache } : {}),
    loadCpuMs: (user + system) / 1000,
    statusCodes: result.statusCodeStats,
  }),
);
