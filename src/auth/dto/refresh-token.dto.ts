import { IsString, Length } from 'class-validator';

export class RefreshTokenDto {
  /**
   * The `refreshToken` of a Session.
   * @example "yv3J0tq4m2i1mSxw0n1YbQz0o7h8b6bq5s1p8F2lq9M"
   */
  @IsString()
  @Length(1, 200)
  refreshToken: string;
}
