import { Injectable } from '@nestjs/common';
import { CacheService } from '../cache/cache.service.js';
import { OnDomainEvent } from '../common/events/domain-events.js';
import { INVALIDATION_RULES } from './invalidation-rules.js';

const byKey = new Map<string, (event: never) => string[]>(
  INVALIDATION_RULES.map(({ event, changes }) => [
    event.key,
    changes as (event: never) => string[],
  ]),
);

/**
 * Turns every domain event into the cache invalidation it implies, wherever
 * the write was made (an HTTP handler, the seed, a background job). The
 * publisher awaits it: a write answers only once the versions are replaced.
 */
@Injectable()
export class CacheInvalidationListener {
  constructor(private readonly cache: CacheService) {}

  @OnDomainEvent(...INVALIDATION_RULES.map((rule) => rule.event))
  async invalidate(event: object): Promise<void> {
    const { key } = event.constructor as unknown as { key: string };
    await this.cache.invalidate(byKey.get(key)!(event as never));
  }
}
