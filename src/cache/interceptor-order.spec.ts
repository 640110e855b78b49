import { Controller, Get } from '@nestjs/common';
import { FollowsController } from '../follows/follows.controller.js';
import { Personalise } from '../personalisation/personalise.interceptor.js';
import { FeedController } from '../posts/feed.controller.js';
import { PostsController } from '../posts/posts.controller.js';
import { UserLikesController } from '../posts/user-likes.controller.js';
import { UsersController } from '../users/users.controller.js';
import { Ns } from './cache-namespaces.js';
import { Cached } from './cache.decorators.js';
import { cacheOutsidePersonalisation } from './interceptor-order.js';

@Controller('right')
class RightOrder {
  @Get()
  @Cached({ dependsOn: [Ns.postLists] })
  @Personalise('post')
  list() {
    return { items: [], nextCursor: null };
  }
}

@Controller('wrong')
class WrongOrder {
  @Get()
  @Personalise('post')
  @Cached({ dependsOn: [Ns.postLists] })
  list() {
    return { items: [], nextCursor: null };
  }
}

describe('the cache runs inside personalisation', () => {
  it('accepts @Cached listed above @Personalise and refuses it below', () => {
    expect(cacheOutsidePersonalisation([RightOrder, WrongOrder])).toEqual(['WrongOrder.list']);
  });

  it('holds for every cached route of the app', () => {
    const controllers = [
      UsersController,
      FollowsController,
      PostsController,
      FeedController,
      UserLikesController,
    ];
    expect(cacheOutsidePersonalisation(controllers)).toEqual([]);
  });
});
