import { Injectable } from '@nestjs/common';
import { DomainEvents } from '../common/events/domain-events.js';
import { TransactionService } from '../database/transaction.service.js';
import { FollowsService } from '../follows/follows.service.js';
import { LikesService } from '../posts/likes.service.js';
import { UsersService } from '../users/users.service.js';
import { AccountDeleted } from './accounts.events.js';

/**
 * What spans every feature: deleting an account. One transaction, in which
 * each feature forgets the user in its own tables, correcting the counters on
 * other rows that counted them while the rows that say what to correct still
 * exist; then the profile row goes, and foreign keys cascade the rest away
 * (posts, credentials, sessions).
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly users: UsersService,
    private readonly follows: FollowsService,
    private readonly likes: LikesService,
    private readonly tx: TransactionService,
    private readonly events: DomainEvents,
  ) {}

  async delete(userId: number): Promise<void> {
    const deleted = await this.tx.run(async (manager) => {
      if ((await this.users.lock(manager, [userId])).length === 0) return false;
      await this.likes.forgetUser(manager, userId);
      await this.follows.forgetUser(manager, userId);
      await this.users.delete(manager, userId);
      return true;
    });
    if (deleted) await this.events.publish(new AccountDeleted(userId));
  }
}
