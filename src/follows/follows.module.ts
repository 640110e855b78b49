import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { FollowsController } from './follows.controller.js';
import { FollowsRepository } from './follows.repository.js';
import { FollowsService } from './follows.service.js';
import { FollowingViewerState } from './following.viewer-state.js';
import { UserFollow } from './user-follow.entity.js';

/** Who follows whom, and the follow counters through UsersService; owns `user_follow`. */
@Module({
  imports: [TypeOrmModule.forFeature([UserFollow]), UsersModule],
  controllers: [FollowsController],
  providers: [FollowsRepository, FollowsService, FollowingViewerState],
  exports: [FollowsService],
})
export class FollowsModule {}
