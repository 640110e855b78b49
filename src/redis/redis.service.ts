import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { appConfig } from '../config/app.config.js';
import { invalid } from '../config/env.js';
import { redisConfig } from '../config/redis.config.js';
import { evictionProblem, readEvictionPolicy } from './eviction-policy.js';
import { RedisConnection, type RedisRole } from './redis-connection.js';

/**
 * Owns every Redis connection of the process: one per role, opened on first
 * use, closed once the HTTP server has stopped (onApplicationShutdown runs
 * after it), so that no request in flight loses its Redis.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly connections = new Map<RedisRole, Promise<RedisConnection | undefined>>();

  constructor(
    @Inject(redisConfig.KEY) private readonly config: ConfigType<typeof redisConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  /**
   * The connection for `role`, or undefined when no Redis is configured for it
   * (process memory then). Waits at most BOOT_WAIT_MS for Redis to answer, then
   * goes on without it. The state Redis is checked for an evicting policy:
   * refused in production, a loud warning elsewhere.
   */
  connection(role: RedisRole): Promise<RedisConnection | undefined> {
    let connection = this.connections.get(role);
    if (!connection) {
      connection = this.open(role);
      this.connections.set(role, connection);
    }
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    const open = await Promise.all(
      [...this.connections.values()].map((c) => c.catch(() => undefined)),
    );
    for (const connection of open) connection?.close();
    this.connections.clear();
  }

  private async open(role: RedisRole): Promise<RedisConnection | undefined> {
    const url = role === 'cache' ? this.config.cacheUrl : this.config.stateUrl;
    if (!url) return undefined;
    const connection = new RedisConnection(role, url);
    if (!(await connection.waitUntilReady())) {
      this.logger.warn(`${role} Redis not reachable yet: going on without it until it answers`);
    } else if (role === 'state') {
      await this.checkEvictionPolicy(connection, this.app.nodeEnv === 'production');
    }
    if (role === 'state') {
      // Checked again on every later connection (a Redis restarted with another
      // configuration), but only logged: a running process keeps serving.
      connection.onReady(() => void this.checkEvictionPolicy(connection, false));
    }
    return connection;
  }

  private async checkEvictionPolicy(connection: RedisConnection, refuse: boolean): Promise<void> {
    const policy = await readEvictionPolicy(connection.client);
    if (policy === undefined) {
      this.logger.warn(
        'could not read maxmemory-policy of the Redis for rate-limit counters (CONFIG is disabled): make sure it is noeviction',
      );
      return;
    }
    const problem = evictionProblem(policy);
    if (!problem) return;
    const variable = this.config.stateUrlIsOwn ? 'REDIS_STATE_URL' : 'REDIS_URL';
    if (refuse) {
      connection.close();
      throw invalid(variable, `${problem} (NODE_ENV=production)`);
    }
    this.logger.error(`${variable}: ${problem}`);
  }
}
