import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AuthModule } from './auth/auth.module.js';
import { CacheModule } from './cache/cache.module.js';
import {
  appConfig,
  authConfig,
  cacheConfig,
  databaseConfig,
  rateLimitConfig,
  redisConfig,
  validateEnvironment,
} from './config/index.js';
import { DatabaseModule } from './database/database.module.js';
import { FollowsModule } from './follows/follows.module.js';
import { HealthModule } from './health/health.module.js';
import { PersonalisationModule } from './personalisation/personalisation.module.js';
import { PostsModule } from './posts/posts.module.js';
import { RedisModule } from './redis/redis.module.js';
import { UsersModule } from './users/users.module.js';

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
    PersonalisationModule,
    AuthModule,
    UsersModule,
    FollowsModule,
    PostsModule,
    HealthModule,
  ],
})
export class AppModule {}
