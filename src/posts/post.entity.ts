import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../users/user.entity.js';

/** A post; `user` is its author. (author, id) serves every per-author list and the feed. */
@Entity('post')
@Index('idx_post_user_id', ['userId', 'id'])
export class Post {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ name: 'user', type: 'int', unsigned: true })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user', foreignKeyConstraintName: 'fk_post_user' })
  author?: User;

  @Column({ type: 'varchar', length: 280 })
  text: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;

  @Column({ name: 'likes_count', type: 'int', unsigned: true, default: 0 })
  likesCount: number;
}
