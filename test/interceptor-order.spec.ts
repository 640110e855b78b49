import { Controller, Get } from '@nestjs/common';
import { AccountsController } from '../src/accounts/accounts.controller.js';
import { AuthController } from '../src/auth/auth.controller.js';
import { Cached } from '../src/cache/cache.decorators.js';
import { Ns } from '../src/cache/cache-namespaces.js';
import { misorderedHandlers } from '../src/common/interceptor-layers.js';
import { FollowsController } from '../src/follows/follows.controller.js';
import { Personalise } from '../src/personalisation/personalise.interceptor.js';
import { FeedController } from '../src/posts/feed.controller.js';
import { HydratePosts } from '../src/posts/hydrate-posts.interceptor.js';
import { PostsController } from '../src/posts/posts.controller.js';
import { UserLikesController } from '../src/posts/user-likes.controller.js';
import { UsersController } from '../src/users/users.controller.js';

@Controller('right')
class RightOrder {
  @Get()
  @Cached({ dependsOn: [Ns.postLists] })
  @HydratePosts()
  @Personalise('post')
  list() {
    return { items: [], nextCursor: null };
  }
}

@Controller('wrong')
class WrongOrder {
  @Get('cache-outside')
  @Personalise('post')
  @Cached({ dependsOn: [Ns.postLists] })
  cacheOutside() {
    return { items: [], nextCursor: null };
  }

  @Get('hydrate-outside')
  @Cached({ dependsOn: [Ns.postLists] })
  @Personalise('post')
  @HydratePosts()
  hydrateOutside() {
    return { items: [], nextCursor: null };
  }
}

describe('the cache runs inside hydration, which runs inside personalisation', () => {
  it('accepts @Cached above @HydratePosts above @Personalise, and refuses any other order', () => {
    expect(misorderedHandlers([RightOrder, WrongOrder])).toEqual([
      'WrongOrder.cacheOutside',
      'WrongOrder.hydrateOutside',
    ]);
  });

  it('holds for every route of the app', () => {
    const controllers = [
      AuthController,
      UsersController,
      AccountsController,
      FollowsController,
      PostsController,
      FeedController,
      UserLikesController,
    ];
    expect(misorderedHandlers(controllers)).toEqual([]);
  });
});
