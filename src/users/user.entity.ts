import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A public profile with its counters; credentials live apart, in `auth`. */
@Entity('user')
export class User {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 30 })
  username: string;

  // Usernames are unique without regard to case on every database: this column
  // holds the lower-cased form and carries the unique index.
  @Index('uq_user_username_lower', { unique: true })
  @Column({ name: 'username_lower', type: 'varchar', length: 30 })
  usernameLower: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 160, default: '' })
  bio: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'followers_count', type: 'int', unsigned: true, default: 0 })
  followersCount: number;

  @Column({ name: 'following_count', type: 'int', unsigned: true, default: 0 })
  followingCount: number;

  @Column({ name: 'posts_count', type: 'int', unsigned: true, default: 0 })
  postsCount: number;
}
