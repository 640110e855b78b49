import { UserResponseDto, UserSummaryDto } from './dto/user-response.dto.js';
import { User } from './user.entity.js';

/** The shared (cacheable) view of a user: everything but the caller's `following`. */
export function toUserResponse(user: User): UserResponseDto {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    bio: user.bio,
    createdAt: toIso(user.createdAt),
    followersCount: user.followersCount,
    followingCount: user.followingCount,
    postsCount: user.postsCount,
  };
}

export function toUserSummary(user: Pick<User, 'id' | 'username' | 'name'>): UserSummaryDto {
  return { id: user.id, username: user.username, name: user.name };
}

export function toIso(date: Date): string {
  return new Date(date).toISOString();
}
