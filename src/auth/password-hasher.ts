import { hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';

// argon2id with the library's defaults (m=19 MiB, t=2, p=1: the OWASP minimum).
const ARGON2ID = 2;

// Verified against when the user does not exist, so an unknown username costs
// the same time as a wrong password and cannot be told apart by timing.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29jaWFsLWFwaS1kdW1teQ$hRch6ZBuJnSwd4CYu6Fz55KFNRydF1nhay70XEEychY';

@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password, { algorithm: ARGON2ID });
  }

  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    try {
      const ok = await verify(passwordHash ?? DUMMY_HASH, password);
      return ok && passwordHash !== undefined;
    } catch {
      return false;
    }
  }
}
