/** A public profile. No credential is ever part of it. */
export class UserResponseDto {
  /** @example 1 */
  id: number;
  /** @example "ada_lovelace" */
  username: string;
  /** @example "Ada Lovelace" */
  name: string;
  /** @example "" */
  bio: string;
  /**
   * ISO 8601, UTC.
   * @example "2026-11-27T20:00:00.000Z"
   */
  createdAt: string;
  /** @example 0 */
  followersCount: number;
  /** @example 0 */
  followingCount: number;
  /** @example 0 */
  postsCount: number;
  /** Whether the caller follows this user; present only when the request is authenticated. */
  following?: boolean;
}

/** The short form of a user embedded in a post. */
export class UserSummaryDto {
  /** @example 1 */
  id: number;
  /** @example "ada_lovelace" */
  username: string;
  /** @example "Ada Lovelace" */
  name: string;
}
