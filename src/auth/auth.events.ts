/** An account was registered: a new profile exists. */
export class AccountRegistered {
  static readonly key = 'account.registered';
  constructor(readonly userId: number) {}
}

/** A password was changed: every session and access token from before it is over. */
export class PasswordChanged {
  static readonly key = 'account.password-changed';
  constructor(readonly userId: number) {}
}
