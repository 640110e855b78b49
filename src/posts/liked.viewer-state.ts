import { Injectable, type OnModuleInit } from '@nestjs/common';
import { names } from '../cache/cache-namespaces.js';
import { ViewerStateRegistry } from '../personalisation/viewer-state.registry.js';
import { LikesService } from './likes.service.js';

/** Answers `liked` on posts for the personalisation layer. */
@Injectable()
export class LikedViewerState implements OnModuleInit {
  constructor(
    private readonly registry: ViewerStateRegistry,
    private readonly likes: LikesService,
  ) {}

  onModuleInit(): void {
    this.registry.register('post', {
      field: 'liked',
      among: (viewer, ids) => this.likes.likedAmong(viewer, ids),
      // Which posts the viewer likes: their likes and unlikes replace it.
      dependsOn: (viewer) => [names.likesOf(viewer)],
    });
  }
}
