import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../users/user.entity.js';

/** The credentials of one user, kept apart from the public profile. */
@Entity('auth')
export class AuthCredentials {
  @PrimaryColumn({ name: 'user_id', type: 'int', unsigned: true })
  userId: number;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_auth_user' })
  user?: User;

  /** argon2id PHC string: algorithm, parameters, salt and hash together. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  /**
   * Bumped by every password change. Access tokens carry the version they were
   * issued at, and sessions are only started at the current one, so a change
   * ends every session that came before it.
   */
  @Column({ name: 'credentials_version', type: 'int', unsigned: true, default: 1 })
  credentialsVersion: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
