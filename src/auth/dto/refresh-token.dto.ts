import { IsString, Length } from 'class-validator';

export class RefreshTokenDto {
  /** The `refreshToken` of a Session. */
  @IsString()
  @Length(1, 200)
  refreshToken: string;
}
