/** An account was registered: a new profile exists. */
export class AccountRegistered {
  static readonly key = 'account.registered';
  constructor(readonly userId: number) {}
}
