import { Module } from '@nestjs/common';
import { CacheInvalidationListener } from './cache-invalidation.listener.js';

/**
 * Cache invalidation by domain event. It sits above the features (it knows
 * their events) and the cache (it replaces versions), so that neither has to
 * know the other.
 */
@Module({ providers: [CacheInvalidationListener] })
export class CacheInvalidationModule {}
