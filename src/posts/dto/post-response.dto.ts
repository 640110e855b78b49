import { UserSummaryDto } from '../../users/dto/user-response.dto.js';

export class PostResponseDto {
  /** @example 7 */
  id: number;
  /** @example "Hello, world!" */
  text: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC: when the text was last edited (likes do not count); createdAt until then. */
  updatedAt: string;
  author: UserSummaryDto;
  /** @example 0 */
  likesCount: number;
  /** Whether the caller likes this post; present only when the request is authenticated. */
  liked?: boolean;
}
