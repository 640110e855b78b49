import type { Redis } from 'ioredis';

/** The one `maxmemory-policy` that never deletes a key to make room. */
export const NO_EVICTION = 'noeviction';

/**
 * The server's `maxmemory-policy`, or undefined when it will not say
 * (managed Redis services often disable or rename CONFIG).
 */
export async function readEvictionPolicy(client: Redis): Promise<string | undefined> {
  try {
    const reply = (await client.call('CONFIG', 'GET', 'maxmemory-policy')) as string[];
    return reply[1];
  } catch {
    return undefined;
  }
}

/**
 * Why this policy is wrong for rate-limit counters (and job queues), or
 * undefined when it is right. Every other policy evicts, even the `volatile-*`
 * ones: each counter has a TTL.
 */
export function evictionProblem(policy: string): string | undefined {
  if (policy === NO_EVICTION) return undefined;
  return (
    `the Redis for rate-limit counters has maxmemory-policy ${policy}: under memory pressure ` +
    `it evicts counters, which resets attackers' budgets. Give it ${NO_EVICTION}, or point ` +
    'REDIS_STATE_URL at a Redis of its own that has it (see README, "Two Redis roles")'
  );
}
