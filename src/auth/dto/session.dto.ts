import { UserResponseDto } from '../../users/dto/user-response.dto.js';

export class SessionDto {
  user: UserResponseDto;
  /** A JWT to send as `Authorization: Bearer <accessToken>`. */
  accessToken: string;
  /** @example "Bearer" */
  tokenType: 'Bearer';
  /** Lifetime of the access token, in seconds. @example 900 */
  expiresIn: number;
  /** Opaque; exchange it at /api/auth/refresh for a new pair. Single use. */
  refreshToken: string;
}
