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
 * `user_from` follows `user_to`. The surrogate id orders follows by recency for
 * keyset pagination; the unique pair makes a duplicate follow impossible.
 */
@Entity('user_follow')
@Index('uq_user_follow_pair', ['userFrom', 'userTo'], { unique: true })
@Index('idx_user_follow_to_id', ['userTo', 'id'])
@Index('idx_user_follow_from_id', ['userFrom', 'id'])
export class UserFollow {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ name: 'user_from', type: 'int', unsigned: true })
  userFrom: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_from', foreignKeyConstraintName: 'fk_user_follow_from' })
  follower?: User;

  @Column({ name: 'user_to', type: 'int', unsigned: true })
  userTo: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_to', foreignKeyConstraintName: 'fk_user_follow_to' })
  followed?: User;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
