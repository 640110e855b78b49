// The hop through nginx (docs/SERVICES.md): cached GET /api/posts/:id on the posts
// service (SERVICES=posts) direct, and through nginx in front of it, configured
// as `npm run start:services` configures it (deploy/nginx.conf.template, upstream
// keepalive), in the same rounds. Target: through nginx at least 85% of the req/s
// direct. nginx shares the cores with the service and the load generator, as it
// does on one machine in production: its CPU is part of what the hop costs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNginx, HTTP_SERVICES, nginxArgs, writeNginxConfig } from '../scripts/nginx-config.mjs';
import { freePort, startApp } from './lib/processes.mjs';

export const HOP_TARGET = 0.85;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * Measures with run.mjs's `measure` (so the runs sit with the others in the
 * results), `rounds` times each way, alternating. Returns the medians and the ratio.
 */
export async function measureHop(dataset, { measure, rounds }, log) {
  const nginx = findNginx();
  if (!nginx) throw new Error('the hop scenario needs nginx (apt-get install nginx-light)');
  const posts = await startApp('posts service', {
    databaseUrl: dataset.url,
    redisUrl: dataset.redis,
    cacheTtl: 60,
    env: { SERVICES: 'posts', TRUST_PROXY: 'loopback' },
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-hop-'));
  const port = await freePort();
  const servicePort = Number(new URL(posts.url).port);
  writeNginxConfig(dir, {
    host: '127.0.0.1',
    port,
    ports: Object.fromEntries(HTTP_SERVICES.map((service) => [service, [servicePort]])),
  });
  const started = spawnSync(nginx, nginxArgs(dir), { encoding: 'utf8' });
  try {
    if (started.status !== 0) throw new Error(`nginx did not start: ${started.stderr}`);
    // The same process measured both ways; through nginx, its CPU is the service's.
    const proxied = { ...posts, name: 'posts via nginx', url: `http://127.0.0.1:${port}` };
    const route = 'GET /api/posts/:id';
    const spec = {
      method: 'GET',
      paths: [`/api/posts/${dataset.samples.hotPost}`],
      expectCache: 'HIT',
    };
    const rps = { direct: [], nginx: [] };
    for (let round = 0; round < rounds; round++) {
      rps.direct.push((await measure(dataset, posts, route, spec, { hop: 'direct', round })).rps);
      rps.nginx.push((await measure(dataset, proxied, route, spec, { hop: 'nginx', round })).rps);
    }
    const direct = median(rps.direct);
    const viaNginx = median(rps.nginx);
    const ratio = Math.round((viaNginx / direct) * 1000) / 1000;
    const result = {
      route,
      direct,
      nginx: viaNginx,
      ratio,
      target: HOP_TARGET,
      met: ratio >= HOP_TARGET,
    };
    log(
      `hop: ${route} ${viaNginx.toFixed(0)} req/s through nginx, ${direct.toFixed(0)} direct: ${(ratio * 100).toFixed(1)}% (target >= ${HOP_TARGET * 100}%)`,
    );
    return result;
  } finally {
    spawnSync(nginx, nginxArgs(dir, '-s', 'quit'));
    await posts.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
