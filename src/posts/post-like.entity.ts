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
import { Post } from './post.entity.js';

/** `user` likes `post`, once at most; the id orders likes by recency. */
@Entity('post_like')
@Index('uq_post_like_pair', ['postId', 'userId'], { unique: true })
@Index('idx_post_like_post_id', ['postId', 'id'])
@Index('idx_post_like_user_id', ['userId', 'id'])
export class PostLike {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ name: 'post', type: 'int', unsigned: true })
  postId: number;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post', foreignKeyConstraintName: 'fk_post_like_post' })
  post?: Post;

  @Column({ name: 'user', type: 'int', unsigned: true })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user', foreignKeyConstraintName: 'fk_post_like_user' })
  user?: User;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
