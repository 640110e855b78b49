import { Injectable, type OnModuleInit } from '@nestjs/common';
import { names } from '../cache/cache-namespaces.js';
import { ViewerStateRegistry } from '../personalisation/viewer-state.registry.js';
import { FollowsService } from './follows.service.js';

/** Answers `following` on users for the personalisation layer. */
@Injectable()
export class FollowingViewerState implements OnModuleInit {
  constructor(
    private readonly registry: ViewerStateRegistry,
    private readonly follows: FollowsService,
  ) {}

  onModuleInit(): void {
    this.registry.register('user', {
      field: 'following',
      among: (viewer, ids) => this.follows.followedAmong(viewer, ids),
      // Whom the viewer follows: their follows and unfollows replace it.
      dependsOn: (viewer) => [names.feed(viewer)],
    });
  }
}
