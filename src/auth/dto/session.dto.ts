import { UserResponseDto } from '../../users/dto/user-response.dto.js';

export class SessionDto {
  user: UserResponseDto;
  /**
   * A JWT to send as `Authorization: Bearer <accessToken>`: in Swagger UI, paste it into **Authorize**.
   * @example "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwiaWF0IjoxNzk1ODEwMTAwLCJleHAiOjE3OTU4MTEwMDAsImlzcyI6InNvY2lhbC1hcGkiLCJhdWQiOiJzb2NpYWwtYXBpIn0.7lXCl2pUHbHh3Yp0W7vWJ6wqzq3a1oEo1Jw0b2r3s4c"
   */
  accessToken: string;
  /** @example "Bearer" */
  tokenType: 'Bearer';
  /** Lifetime of the access token, in seconds. @example 900 */
  expiresIn: number;
  /**
   * Opaque; exchange it at /api/auth/refresh for a new pair. Single use.
   * @example "yv3J0tq4m2i1mSxw0n1YbQz0o7h8b6bq5s1p8F2lq9M"
   */
  refreshToken: string;
}
