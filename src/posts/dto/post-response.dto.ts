import { UserSummaryDto } from '../../users/dto/user-response.dto.js';

export class PostResponseDto {
  /** @example 7 */
  id: number;
  /** @example "Hello, world!" */
  text: string;
  /**
   * ISO 8601, UTC.
   * @example "2026-11-27T20:05:00.000Z"
   */
  createdAt: string;
  /**
   * ISO 8601, UTC: when the text was last edited (likes do not count); createdAt until then.
   * @example "2026-11-27T20:05:00.000Z"
   */
  updatedAt: string;
  author: UserSummaryDto;
  /** @example 0 */
  likesCount: number;
  /** Whether the caller likes this post; present only when the request is authenticated. */
  liked?: boolean;
}
