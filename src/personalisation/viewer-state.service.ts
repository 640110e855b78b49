import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { UserFollow } from '../follows/user-follow.entity.js';
import { PostLike } from '../posts/post-like.entity.js';

/** The caller's relation to a batch of users or posts: one query per batch, never per item. */
@Injectable()
export class ViewerStateService {
  constructor(
    @InjectRepository(UserFollow) private readonly follows: Repository<UserFollow>,
    @InjectRepository(PostLike) private readonly likes: Repository<PostLike>,
  ) {}

  async followedAmong(viewerId: number, userIds: number[]): Promise<Set<number>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.follows.find({
      select: { userTo: true },
      where: { userFrom: viewerId, userTo: In([...new Set(userIds)]) },
    });
    return new Set(rows.map((r) => r.userTo));
  }

  async likedAmong(viewerId: number, postIds: number[]): Promise<Set<number>> {
    if (postIds.length === 0) return new Set();
    const rows = await this.likes.find({
      select: { postId: true },
      where: { userId: viewerId, postId: In([...new Set(postIds)]) },
    });
    return new Set(rows.map((r) => r.postId));
  }
}
