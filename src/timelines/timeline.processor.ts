import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Job } from 'bullmq';
import { servicesConfig } from '../config/services.config.js';
import { TIMELINE_QUEUE, type TimelineJobName, type TimelineJobs } from './timeline-jobs.js';
import { throttledErrorLog } from './timeline-redis.js';
import { TimelineWriter } from './timeline-writer.js';

// Jobs at once per process: fan-out batches are one pipelined round trip each.
const CONCURRENCY = 8;

/** The timeline worker: runs the jobs of the timelines queue (see TimelineWriter). */
@Processor(TIMELINE_QUEUE, { concurrency: CONCURRENCY })
export class TimelineProcessor extends WorkerHost {
  private readonly logger = new Logger('TimelineWorker');

  constructor(private readonly writer: TimelineWriter) {
    super();
  }

  private readonly onError = throttledErrorLog((message) => this.logger.warn(message));

  @OnWorkerEvent('error')
  connectionError(error: unknown): void {
    this.onError(error);
  }

  async process(job: Job): Promise<void> {
    try {
      await this.run(job.name as TimelineJobName, job.data);
    } catch (error) {
      this.logger.warn(
        `${job.name} ${job.id} failed (attempt ${job.attemptsMade + 1}): ${String(error)}`,
      );
      throw error;
    }
  }

  private run(name: TimelineJobName, data: TimelineJobs[TimelineJobName]): Promise<void> {
    const w = this.writer;
    switch (name) {
      case 'fan-out':
        return w.fanOut(data as TimelineJobs['fan-out']);
      case 'remove-post':
        return w.removePost(data as TimelineJobs['remove-post']);
      case 'merge':
        return w.merge(data as TimelineJobs['merge']);
      case 'unmerge':
        return w.unmerge(data as TimelineJobs['unmerge']);
      case 'drop-account':
        return w.dropAccount(data as TimelineJobs['drop-account']);
      case 'regenerate':
        return w.regenerate(data as TimelineJobs['regenerate']);
      default:
        throw new Error(`unknown timeline job ${String(name)}`);
    }
  }
}

/**
 * The providers that make this process run the worker: only when SERVICES
 * names `worker` (unset, it does). A process without it still enqueues jobs;
 * a null provider is one the BullMQ explorer finds no processor on.
 */
export const timelineWorker = () => [
  {
    provide: TimelineProcessor,
    inject: [servicesConfig.KEY, TimelineWriter],
    useFactory: (services: ConfigType<typeof servicesConfig>, writer: TimelineWriter) =>
      services.serves('worker') ? new TimelineProcessor(writer) : null,
  },
];
