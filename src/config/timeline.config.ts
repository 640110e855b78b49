import { registerAs } from '@nestjs/config';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, validateSync } from 'class-validator';

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

/** The timeline variables of `raw`, validated (blank is unset); throws one line naming the first bad one. */
function validated(raw: Record<string, unknown>): TimelineVariables {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
  const env = plainToInstance(TimelineVariables, present);
  const [first] = validateSync(env);
  if (first) {
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new Error(`Invalid environment: ${first.property}: ${reason}`);
  }
  return env;
}

/** The `timeline` namespace, from an environment (validateEnvironment checks it at boot). */
export function readTimelineConfig(raw: Record<string, unknown>) {
  const env = validated(raw);
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
  // Timelines and their queue exist only with Redis: without it the feed is the database query.
  redisUrl: process.env.REDIS_URL || undefined,
  ...readTimelineConfig(process.env),
}));
