import { Global, Module } from '@nestjs/common';
import { RedisService } from './redis.service.js';

/** The process's Redis connections (cache, and counters and queues), with one outage policy. */
@Global()
@Module({ providers: [RedisService], exports: [RedisService] })
export class RedisModule {}
