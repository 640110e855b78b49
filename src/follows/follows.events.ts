/** `followerId` now follows `followeeId` (announced only when a row was written). */
export class UserFollowed {
  static readonly key = 'user.followed';
  constructor(
    readonly followerId: number,
    readonly followeeId: number,
  ) {}
}

/** `followerId` no longer follows `followeeId` (announced only when a row was removed). */
export class UserUnfollowed {
  static readonly key = 'user.unfollowed';
  constructor(
    readonly followerId: number,
    readonly followeeId: number,
  ) {}
}
