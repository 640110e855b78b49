import { registerAs } from '@nestjs/config';

/**
 * Home timelines (docs/TIMELINES.md). They exist only with Redis: without
 * REDIS_URL the feed is read from the database.
 */
export const timelineConfig = registerAs('timeline', () => ({
  redisUrl: process.env.REDIS_URL || undefined,
  /** Post ids kept per timeline; older pages are read from the database. */
  maxItems: Number(process.env.TIMELINE_MAX_ITEMS || 800),
  /** Authors with more followers than this are not fanned out but merged at read time. */
  fanoutMaxFollowers: Number(process.env.FANOUT_MAX_FOLLOWERS || 10_000),
  /** Followers written per fan-out job. */
  fanoutBatchSize: Number(process.env.FANOUT_BATCH_SIZE || 1000),
}));

export type TimelineConfig = ReturnType<typeof timelineConfig>;
