import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { type RawEnvironment, validateVariables } from './env.js';
import { readRedisConfig } from './redis.config.js';

/** The settings of home timelines (docs/TIMELINES.md); they apply only with Redis. */
export class TimelineVariables {
  /** Post ids kept in each home timeline; older pages come from the database. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  TIMELINE_MAX_ITEMS?: number;

  /** Authors above this many followers are merged into feeds at read time, not fanned out. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  FANOUT_MAX_FOLLOWERS?: number;

  /** Followers written per fan-out job. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  FANOUT_BATCH_SIZE?: number;
}

/** The `timeline` namespace, from an environment (validateEnvironment checks it at boot). */
export function readTimelineConfig(raw: RawEnvironment) {
  const env = validateVariables(TimelineVariables, raw);
  return {
    /** Post ids kept per timeline. */
    maxItems: env.TIMELINE_MAX_ITEMS ?? 800,
    /** Authors with more followers than this are not fanned out but merged at read time. */
    fanoutMaxFollowers: env.FANOUT_MAX_FOLLOWERS ?? 10_000,
    /** Followers written per fan-out job. */
    fanoutBatchSize: env.FANOUT_BATCH_SIZE ?? 1000,
  };
}

export const timelineConfig = registerAs('timeline', () => ({
  // Timelines live in the cache's Redis and their queue in the state Redis (which must
  // not evict); without Redis the feed is the database query.
  redisUrl: readRedisConfig(process.env).cacheUrl,
  queueUrl: readRedisConfig(process.env).stateUrl,
  ...readTimelineConfig(process.env),
}));
