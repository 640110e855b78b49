import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../users/user.entity.js';

/**
 * One refresh token. Tokens rotate on every use; all tokens descended from one
 * login share a `family`, so a replayed token can revoke its whole family.
 */
@Entity('auth_session')
@Index('idx_auth_session_family', ['family'])
@Index('idx_auth_session_user', ['userId'])
export class AuthSession {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ name: 'user_id', type: 'int', unsigned: true })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_auth_session_user' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  family: string;

  /** SHA-256 of the token, hex: the token itself is never stored. */
  @Index('uq_auth_session_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;

  /** Set once the token is used (rotated) or logged out; it never works again. */
  @Column({ name: 'revoked_at', type: 'datetime', nullable: true })
  revokedAt: Date | null;
}
