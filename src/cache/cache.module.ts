import { CacheModule as CacheManagerModule, type CacheModuleOptions } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import { cacheConfig } from '../config/cache.config.js';
import { RedisService } from '../redis/redis.service.js';
import { CACHE_STORE, type CacheStore, createCacheStore } from './cache-store.js';
import { CacheService } from './cache.service.js';
import { CachedReadInterceptor } from './cached-read.interceptor.js';

/** The store (Redis when REDIS_URL is set, process memory otherwise), built once. */
@Module({
  providers: [
    { provide: CACHE_STORE, inject: [cacheConfig.KEY, RedisService], useFactory: createCacheStore },
  ],
  exports: [CACHE_STORE],
})
class CacheStoreModule {}

/**
 * The response cache: cache-manager over the store, the service that owns
 * keys, versions and TTLs, and the interceptor behind @Cached.
 */
@Global()
@Module({
  imports: [
    CacheStoreModule,
    CacheManagerModule.registerAsync({
      imports: [CacheStoreModule],
      inject: [CACHE_STORE],
      // TTLs are given on every write by CacheService; none is set here. With
      // caching off cache-manager gets its default store, which nothing uses.
      useFactory: (store: CacheStore): CacheModuleOptions =>
        store.keyv ? { stores: [store.keyv] } : {},
    }),
  ],
  providers: [CacheService, CachedReadInterceptor],
  exports: [CacheService, CachedReadInterceptor],
})
export class CacheModule {}
