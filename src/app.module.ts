import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CacheInvalidationModule } from './cache-invalidation/cache-invalidation.module.js';
import { CacheModule } from './cache/cache.module.js';
import { EventsModule } from './common/events/events.module.js';
import { InterceptorOrderCheck } from './common/interceptor-layers.js';
import { ServicesModule } from './common/services/services.module.js';
import {
  appConfig,
  authConfig,
  cacheConfig,
  databaseConfig,
  rateLimitConfig,
  redisConfig,
  validateEnvironment,
} from './config/index.js';
import { presentVariables } from './config/env.js';
import { DatabaseModule } from './database/database.module.js';
import { FollowsModule } from './follows/follows.module.js';
import { HealthModule } from './health/health.module.js';
import { PersonalisationModule } from './personalisation/personalisation.module.js';
import { PostsModule } from './posts/posts.module.js';
import { RedisModule } from './redis/redis.module.js';
import { UsersModule } from './users/users.module.js';
// Last: the one module above every feature, imported only with Redis (below).
import { TimelinesModule } from './timelines/timelines.module.js';

/**
 * The whole API. Infrastructure first (configuration, database, cache, event
 * bus, personalisation), then the features, each above the ones it uses:
 * users <- follows <- posts, with auth and accounts above users, and cache
 * invalidation above them all (docs/ARCHITECTURE.md).
 */
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      validate: validateEnvironment,
      load: [appConfig, authConfig, cacheConfig, databaseConfig, rateLimitConfig, redisConfig],
    }),
    DatabaseModule,
    RedisModule,
    CacheModule,
    EventsModule,
    PersonalisationModule,
    DiscoveryModule,
    // Before AuthModule: a route this process does not serve is a 404, not a 401.
    ServicesModule,
    AuthModule,
    UsersModule,
    FollowsModule,
    PostsModule,
    AccountsModule,
    // Home timelines need Redis; without it the feed is read from the database.
    // (Decided when this file loads, as a blank REDIS_URL counts as unset.)
    ...(presentVariables(process.env).REDIS_URL ? [TimelinesModule] : []),
    CacheInvalidationModule,
    HealthModule,
  ],
  providers: [InterceptorOrderCheck],
})
export class AppModule {}
