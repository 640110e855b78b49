import { toIso } from '../users/user.mapper.js';
import { UserSummaryDto } from '../users/dto/user-response.dto.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { type PostRow } from './posts.repository.js';

/** The shared (cacheable) view of a post: everything but the caller's `liked`. */
export function toPostResponse(post: PostRow, author: UserSummaryDto): PostResponseDto {
  return {
    id: post.id,
    text: post.text,
    createdAt: toIso(post.createdAt),
    updatedAt: toIso(post.updatedAt),
    author,
    likesCount: post.likesCount,
  };
}
