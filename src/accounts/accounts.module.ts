import { Module } from '@nestjs/common';
import { FollowsModule } from '../follows/follows.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';

/** Account deletion, the one rule that spans users, follows and posts; above all three. */
@Module({
  imports: [UsersModule, FollowsModule, PostsModule],
  controllers: [AccountsController],
  providers: [AccountsService],
})
export class AccountsModule {}
