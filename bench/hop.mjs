// The hop through nginx (docs/SERVICES.md): cached GET /api/posts/:id on the posts
// service (SERVICES=posts) direct, and through nginx in front of it, configured
// as `npm run start:services` configures it (deploy/nginx.conf.template, upstream
// keepalive), in the same rounds. Target: through nginx at least 85% of the req/s
// direct. nginx shares the cores with the service, as on one machine in production:
// its CPU is part of what the hop costs. The load generator shares them too, which
// production does not; autocannon (Node) spends about as much CPU a request as nginx,
// wrk (C) a fraction of it. Each round measures both ways with each; the verdict is
// wrk's, the figure with the least of the generator's own cost in it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNginx, HTTP_SERVICES, nginxArgs, writeNginxConfig } from '../scripts/nginx-config.mjs';
import { freePort, startApp } from './lib/processes.mjs';

export const HOP_TARGET = 0.85;
const GENERATORS = ['autocannon', 'wrk'];

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
  if (spawnSync('wrk', ['-v']).error)
    throw new Error('the hop scenario needs wrk (apt-get install wrk)');
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
    // nginx closes a client's connection after keepalive_requests answers: autocannon is
    // told to open a new one then, as a client that honours `Connection: close` does
    // (bench/load.mjs, reconnectEvery). wrk honours it by itself.
    // The template sets it: without it the limit would be whatever this nginx's version has.
    const closesAfter = Number(
      /^\s*keepalive_requests\s+(\d+);/m.exec(readFileSync(join(dir, 'nginx.conf'), 'utf8'))?.[1],
    );
    if (!closesAfter) throw new Error('deploy/nginx.conf.template must set keepalive_requests');
    // The same process measured both ways; through nginx, its CPU is the service's.
    const proxied = { ...posts, name: 'posts via nginx', url: `http://127.0.0.1:${port}` };
    const route = 'GET /api/posts/:id';
    const spec = {
      method: 'GET',
      paths: [`/api/posts/${dataset.samples.hotPost}`],
      expectCache: 'HIT',
    };
    // Each round measures both ways with each load generator, alternating.
    const rps = { autocannon: { direct: [], nginx: [] }, wrk: { direct: [], nginx: [] } };
    for (let round = 0; round < rounds; round++) {
      for (const generator of GENERATORS) {
        const withGenerator = generator === 'wrk' ? { ...spec, generator } : spec;
        const tags = (hop) => ({ hop, round, ...(generator === 'wrk' ? { generator } : {}) });
        rps[generator].direct.push(
          (await measure(dataset, posts, route, withGenerator, tags('direct'))).rps,
        );
        const viaNginx =
          generator === 'wrk' ? withGenerator : { ...withGenerator, reconnectEvery: closesAfter };
        rps[generator].nginx.push(
          (await measure(dataset, proxied, route, viaNginx, tags('nginx'))).rps,
        );
      }
    }
    const ratios = Object.fromEntries(
      GENERATORS.map((generator) => {
        const direct = median(rps[generator].direct);
        const viaNginx = median(rps[generator].nginx);
        return [
          generator,
          { direct, nginx: viaNginx, ratio: Math.round((viaNginx / direct) * 1000) / 1000 },
        ];
      }),
    );
    // The verdict is wrk's: its figure is the hop's cost with the least of the load
    // generator's own in it. autocannon's is kept beside it, as every other scenario
    // measures with autocannon and earlier runs of this one did.
    const { direct, nginx: viaNginx, ratio } = ratios.wrk;
    const result = {
      route,
      generator: 'wrk',
      direct,
      nginx: viaNginx,
      ratio,
      target: HOP_TARGET,
      met: ratio >= HOP_TARGET,
      autocannon: ratios.autocannon,
    };
    for (const generator of GENERATORS) {
      const r = ratios[generator];
      log(
        `hop (${generator}): ${route} ${r.nginx.toFixed(0)} req/s through nginx, ${r.direct.toFixed(0)} direct: ${(r.ratio * 100).toFixed(1)}%` +
          (generator === 'wrk' ? ` (target >= ${HOP_TARGET * 100}%)` : ''),
      );
    }
    return result;
  } finally {
    spawnSync(nginx, nginxArgs(dir, '-s', 'quit'));
    await posts.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
