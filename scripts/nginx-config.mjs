// deploy/nginx.conf.template filled in, into a folder nginx runs from unprivileged
// (`nginx -p <dir>/ -c nginx.conf`: its pid, logs and temp files stay there).
// Shared by scripts/services.mjs and the benchmark's hop (bench/hop.mjs).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEPLOY = fileURLToPath(new URL('../deploy/', import.meta.url));
export const HTTP_SERVICES = ['auth', 'users', 'follows', 'posts'];

// A dead instance is skipped for a second, then tried again: short, as PM2 brings
// one back in seconds. (When every server of an upstream is down, nginx tries
// them all again at once: a restarted service is not kept waiting.)
const servers = (ports) =>
  ports.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=1s;`).join('\n');

/**
 * Writes `dir`/nginx.conf for a front door on `host`:`port` routing to
 * `ports` ({auth: [ports], users: [...], ...}: each instance of each HTTP
 * service), with the error headers it includes beside it. Throws on a service
 * without instances or a placeholder the template names and this does not know.
 */
export function writeNginxConfig(dir, { host, port, ports }) {
  for (const service of HTTP_SERVICES) {
    if (!ports[service]?.length) throw new Error(`social-${service} has no instance to route to`);
  }
  const values = {
    PORT: port,
    HOST: host,
    AUTH_SERVERS: servers(ports.auth),
    USERS_SERVERS: servers(ports.users),
    FOLLOWS_SERVERS: servers(ports.follows),
    POSTS_SERVERS: servers(ports.posts),
    ANY_SERVERS: servers(HTTP_SERVICES.flatMap((service) => ports[service])),
  };
  const template = readFileSync(join(DEPLOY, 'nginx.conf.template'), 'utf8');
  const config = template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name) => {
    if (values[name] === undefined)
      throw new Error(`deploy/nginx.conf.template names an unknown {{${name}}}`);
    return String(values[name]);
  });
  for (const sub of ['logs', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'nginx.conf'), config);
  copyFileSync(join(DEPLOY, 'nginx-error-headers.conf'), join(dir, 'error-headers.conf'));
}

/** nginx's arguments to run from `dir` (then `-t`, `-s reload`, ...). */
export const nginxArgs = (dir, ...extra) => [
  '-p',
  `${dir}/`,
  '-c',
  'nginx.conf',
  '-e',
  'logs/error.log',
  ...extra,
];

/** nginx on PATH, else where Debian puts it (/usr/sbin is not on every user's PATH). */
export function findNginx() {
  return ['nginx', '/usr/sbin/nginx'].find((bin) => !spawnSync(bin, ['-v']).error);
}
