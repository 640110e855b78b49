#!/usr/bin/env node
// The writers of a mixed workload, run by bench/run.mjs as a process of its own
// beside the readers' load generator (bench/load.mjs): users who are not the
// readers like posts, post and follow, at a paced rate, while the readers read.
//
// Paced, not as fast as possible: a write is sent when it is due, whether or
// not earlier ones have been answered (up to maxInFlight at once), so a slow
// server shows as a lower achieved rate or a higher write latency, not as
// fewer writes asked for. Every answer must be 2xx.
//
// Config (JSON on stdin): {
//   url,
//   writers: [{id, token}],     who writes, in turn at random
//   mix: {like?, post?, follow?} relative weights of the kinds of write
//   rate: {perSecond} | {share} writes a second; or writes as a share of all requests,
//                               following the reads the parent relays ({reads} messages)
//   posts: [id..], people: [id..]   what is liked and who is followed, at random
//   liked: [[user, post]..], following: [[user, user]..]   the writers' state now: a
//                               like of a liked post is an unlike, a follow of a followee
//                               an unfollow, so a run can last any time and change little
//   seed, maxInFlight?, timeoutMs?
// }
// Messages from the parent: {measuring} starts the measured window, {reads: n} (share
// mode), {stop}. On stop: waits for the writes in flight, writes one JSON result on
// stdout, exits.
import { text } from 'node:stream/consumers';

const config = JSON.parse(await text(process.stdin));
const { url, writers, posts = [], people = [], mix } = config;
const maxInFlight = config.maxInFlight ?? 64;
const timeoutMs = config.timeoutMs ?? 10_000;

/** mulberry32: a small seeded generator, so that two runs make the same choices. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(config.seed ?? 1);
const pick = (items) => items[Math.floor(next() * items.length)];

const liked = new Set(config.liked?.map(([user, post]) => `${user}:${post}`));
const following = new Set(config.following?.map(([from, to]) => `${from}:${to}`));
const kinds = Object.entries(mix).filter(([, weight]) => weight > 0);
const totalWeight = kinds.reduce((sum, [, weight]) => sum + weight, 0);
if (!kinds.length) throw new Error('writer: the mix has no kind of write');
if (mix.like && !posts.length) throw new Error('writer: likes need posts');
if (mix.follow && people.length < 2) throw new Error('writer: follows need people');

/** The next write: a kind by weight, a writer at random, a toggle of its current state. */
function nextWrite() {
  let roll = next() * totalWeight;
  const [kind] = kinds.find(([, weight]) => (roll -= weight) < 0) ?? kinds.at(-1);
  const writer = pick(writers);
  if (kind === 'post') {
    const body = JSON.stringify({ text: `A post from the benchmark's writers, ${Date.now()}` });
    return { kind, writer, method: 'POST', path: '/api/posts', body };
  }
  const [state, target, path] =
    kind === 'like'
      ? [liked, pick(posts), (id) => `/api/posts/${id}/like`]
      : [following, pickOther(writer.id), (id) => `/api/users/${id}/follow`];
  const key = `${writer.id}:${target}`;
  // The state flips when the write is sent: two writes of one pair never overlap in
  // practice (a pair comes up about once in posts x writers), and both are idempotent.
  const undo = state.has(key);
  if (undo) state.delete(key);
  else state.add(key);
  return {
    kind: undo ? `un${kind}` : kind,
    writer,
    method: undo ? 'DELETE' : 'PUT',
    path: path(target),
  };
}

function pickOther(id) {
  for (;;) {
    const other = pick(people);
    if (other !== id) return other;
  }
}

let stopping = false;
let inFlight = 0;
let window; // when the measured window opened; 'closed' once stopped
const inWindow = () => typeof window === 'number';
const counts = { sent: 0, answered: 0, ok: 0, non2xx: 0, errors: 0 };
// Writes answered while the window is open, wherever they were sent: the achieved rate.
const windowCounts = { answered: 0, ok: 0 };
const byKind = {};
const statusCodes = {};
const latencies = [];
const failures = [];
const fail = (write, why) => {
  if (failures.length < 5) failures.push(`${write.method} ${write.path}: ${why}`);
};

async function send(write) {
  inFlight++;
  counts.sent++;
  byKind[write.kind] = (byKind[write.kind] ?? 0) + 1;
  const started = performance.now();
  let ok = false;
  try {
    const res = await fetch(`${url}${write.path}`, {
      method: write.method,
      headers: {
        authorization: `Bearer ${write.writer.token}`,
        ...(write.body ? { 'content-type': 'application/json' } : {}),
      },
      body: write.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    statusCodes[res.status] = (statusCodes[res.status] ?? 0) + 1;
    ok = res.status >= 200 && res.status < 300;
    if (ok) counts.ok++;
    else {
      counts.non2xx++;
      fail(write, res.status);
    }
  } catch (error) {
    counts.errors++;
    fail(write, error.message);
  } finally {
    counts.answered++;
    inFlight--;
    if (inWindow()) {
      windowCounts.answered++;
      if (ok) windowCounts.ok++;
      latencies.push(performance.now() - started);
    }
  }
}

// Share mode: the writes allowed so far follow the reads, interpolated between the
// parent's reports at the latest read rate, so that they are spread, not sent in bursts.
const perRead = config.rate.share ? config.rate.share / (1 - config.rate.share) : undefined;
let reads = { count: 0, at: performance.now(), perMs: 0 };
const started = performance.now();

/** How many writes are due by `now`. */
function due(now) {
  if (config.rate.perSecond)
    return Math.floor(((now - started) * config.rate.perSecond) / 1000) + 1;
  return Math.floor((reads.count + reads.perMs * (now - reads.at)) * perRead);
}

/** How long until the next write is due, in ms. */
function wait(now) {
  if (config.rate.perSecond) return (counts.sent * 1000) / config.rate.perSecond - (now - started);
  const perMs = reads.perMs * perRead;
  return perMs > 0 ? Math.min(50, (counts.sent + 1 - due(now)) / perMs) : 50;
}

process.on('message', (message) => {
  if (message.reads !== undefined) {
    const now = performance.now();
    const perMs = (message.reads - reads.count) / (now - reads.at);
    reads = { count: message.reads, at: now, perMs: Math.max(0, perMs) };
  }
  if (message.measuring) {
    window = performance.now();
    latencies.length = 0;
  }
  if (message.stop) stopping = true;
});

let windowMs = 0;
while (!stopping) {
  const now = performance.now();
  while (counts.sent < due(now) && inFlight < maxInFlight) void send(nextWrite());
  await new Promise((resolve) => setTimeout(resolve, Math.max(1, wait(performance.now()))));
}
if (window !== undefined) windowMs = performance.now() - window;
window = 'closed';
while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));

latencies.sort((a, b) => a - b);
const percentile = (p) =>
  latencies.length
    ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))])
    : undefined;
process.stdout.write(
  JSON.stringify({
    ...counts,
    byKind,
    statusCodes,
    failures,
    measured: {
      seconds: windowMs / 1000,
      ...windowCounts,
      rate: windowMs > 0 ? (windowCounts.answered * 1000) / windowMs : 0,
      p50: percentile(0.5),
      p99: percentile(0.99),
    },
  }),
);
process.disconnect?.();
