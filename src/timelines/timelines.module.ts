import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { servicesConfig } from '../config/services.config.js';
import { timelineConfig } from '../config/timeline.config.js';
import { FollowsModule } from '../follows/follows.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { UsersModule } from '../users/users.module.js';
import { createTimelineStoreClient, queueConnection } from './timeline-redis.js';
import { JOB_OPTIONS, TIMELINE_QUEUE, TimelineQueue } from './timeline-jobs.js';
import { TimelineFeed } from './timeline-feed.js';
import { TimelineListener } from './timeline.listener.js';
import { timelineWorker } from './timeline.processor.js';
import { TIMELINE_REDIS, TimelineStore } from './timeline.store.js';
import { TimelineWriter } from './timeline-writer.js';

type Config = ConfigType<typeof timelineConfig>;
const required = (url: string | undefined) => {
  if (!url) throw new Error('TimelinesModule needs REDIS_URL');
  return url;
};

/**
 * Home timelines kept in Redis, fanned out on write by a BullMQ worker
 * (docs/TIMELINES.md). Above posts and follows: it listens to their events
 * and reads through their services, and serves the feed through the
 * FeedSource that posts' FeedService asks first. Imported only when Redis is
 * configured (app.module.ts); without it the feed is the database query.
 */
@Module({
  imports: [
    ConfigModule.forFeature(timelineConfig),
    ConfigModule.forFeature(servicesConfig),
    BullModule.forRootAsync({
      imports: [ConfigModule.forFeature(timelineConfig)],
      inject: [timelineConfig.KEY],
      // Jobs must survive: the queue lives in the state Redis, which never evicts.
      useFactory: (config: Config) => ({ connection: queueConnection(required(config.queueUrl)) }),
    }),
    BullModule.registerQueue({ name: TIMELINE_QUEUE, defaultJobOptions: JOB_OPTIONS }),
    UsersModule,
    FollowsModule,
    PostsModule,
  ],
  providers: [
    {
      provide: TIMELINE_REDIS,
      inject: [timelineConfig.KEY],
      useFactory: (config: Config) => createTimelineStoreClient(required(config.redisUrl)),
    },
    TimelineStore,
    TimelineQueue,
    TimelineWriter,
    TimelineListener,
    TimelineFeed,
    // The worker, when SERVICES names it (the default): the one line that decides.
    ...timelineWorker(),
  ],
  exports: [TimelineStore, TimelineWriter],
})
export class TimelinesModule {}
