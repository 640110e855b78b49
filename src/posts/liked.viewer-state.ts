import { Injectable, type OnModuleInit } from '@nestjs/common';
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
    this.registry.register('post', 'liked', (viewer, ids) => this.likes.likedAmong(viewer, ids));
  }
}
