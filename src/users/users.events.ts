/** A user's profile changed; `renamed` when the name or username, which posts embed, did. */
export class ProfileChanged {
  static readonly key = 'user.profile-changed';
  constructor(
    readonly userId: number,
    readonly renamed: boolean,
  ) {}
}
