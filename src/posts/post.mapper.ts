import { toIso, toUserSummary } from '../users/user.mapper.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { Post } from './post.entity.js';

/** The shared (cacheable) view of a post: everything but the caller's `liked`. */
export function toPostResponse(post: Post): PostResponseDto {
  return {
    id: post.id,
    text: post.text,
    createdAt: toIso(post.createdAt),
    updatedAt: toIso(post.updatedAt),
    author: toUserSummary(post.author!),
    likesCount: post.likesCount,
  };
}
