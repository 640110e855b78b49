/** An account was deleted, with its credentials, posts, likes and follows. */
export class AccountDeleted {
  static readonly key = 'account.deleted';
  constructor(readonly userId: number) {}
}
