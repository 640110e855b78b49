/** A post was published. */
export class PostCreated {
  static readonly key = 'post.created';
  constructor(
    readonly postId: number,
    readonly authorId: number,
  ) {}
}

/** A post's text was edited. */
export class PostEdited {
  static readonly key = 'post.edited';
  constructor(
    readonly postId: number,
    readonly authorId: number,
  ) {}
}

/** A post was deleted, with its likes. */
export class PostDeleted {
  static readonly key = 'post.deleted';
  constructor(
    readonly postId: number,
    readonly authorId: number,
  ) {}
}

/** `userId` now likes `postId` (announced only when a row was written). */
export class PostLiked {
  static readonly key = 'post.liked';
  constructor(
    readonly postId: number,
    readonly userId: number,
  ) {}
}

/** `userId` no longer likes `postId` (announced only when a row was removed). */
export class PostUnliked {
  static readonly key = 'post.unliked';
  constructor(
    readonly postId: number,
    readonly userId: number,
  ) {}
}
