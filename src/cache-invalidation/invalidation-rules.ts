import { AccountDeleted } from '../accounts/accounts.events.js';
import { AccountRegistered, PasswordChanged } from '../auth/auth.events.js';
import { names } from '../cache/cache-namespaces.js';
import { type DomainEventClass } from '../common/events/domain-events.js';
import { UserFollowed, UserUnfollowed } from '../follows/follows.events.js';
import {
  PostCreated,
  PostDeleted,
  PostEdited,
  PostLiked,
  PostUnliked,
} from '../posts/posts.events.js';
import { ProfileChanged } from '../users/users.events.js';

interface Rule<E> {
  event: DomainEventClass & (new (...args: never[]) => E);
  changes: (event: E) => string[];
}

const rule = <E>(
  event: DomainEventClass & (new (...args: never[]) => E),
  changes: (event: E) => string[],
): Rule<E> => ({ event, changes });

/**
 * The one table of which cache namespaces each domain event changes (see
 * src/cache/cache-namespaces.ts for what each namespace stands for). Lists of
 * posts hold ids and each post has its own entry, so what changes inside a
 * post (its text, its likesCount) changes that post alone.
 */
export const INVALIDATION_RULES = [
  // A new profile in the lists of users. Its own namespace too: should an id ever be
  // used again (a table emptied, a backup restored), nothing cached under it survives.
  rule(AccountRegistered, (e) => [names.user(e.userId), names.userLists]),
  // The token check's cached credentials version: older access tokens are refused.
  rule(PasswordChanged, (e) => [names.credentials(e.userId)]),
  // The author's postsCount, and one more id in lists of posts and at the head of
  // the author's own home timeline; the post's own namespace in case its id was
  // used before (see AccountRegistered). Followers' timelines change as the
  // fan-out reaches them: it replaces their `home` versions then.
  rule(PostCreated, (e) => [
    names.post(e.postId),
    names.user(e.authorId),
    names.userLists,
    names.postLists,
    names.home(e.authorId),
  ]),
  rule(PostEdited, (e) => [names.post(e.postId)]),
  rule(PostDeleted, (e) => [
    names.post(e.postId),
    names.user(e.authorId),
    names.userLists,
    names.postLists,
  ]),
  // likesCount and who liked it; the posts the liker likes.
  rule(PostLiked, (e) => [names.post(e.postId), names.likesOf(e.userId)]),
  rule(PostUnliked, (e) => [names.post(e.postId), names.likesOf(e.userId)]),
  // Both users' counters, and the follower's feed authors.
  rule(UserFollowed, (e) => [
    names.user(e.followerId),
    names.user(e.followeeId),
    names.userLists,
    names.feed(e.followerId),
  ]),
  rule(UserUnfollowed, (e) => [
    names.user(e.followerId),
    names.user(e.followeeId),
    names.userLists,
    names.feed(e.followerId),
  ]),
  // A new name or username shows in every post by the user.
  rule(ProfileChanged, (e) => [
    names.user(e.userId),
    names.userLists,
    ...(e.renamed ? [names.authors] : []),
  ]),
  // Deleting an account changes rows nobody names (the counters of everyone it
  // followed, the likesCount of every post it liked): everything.
  rule(AccountDeleted, () => [names.all]),
] as const;
